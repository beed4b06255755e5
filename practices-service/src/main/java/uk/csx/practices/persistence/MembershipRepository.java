package uk.csx.practices.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import uk.csx.practices.domain.Membership;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class MembershipRepository implements PanacheRepositoryBase<Membership, Long> {

    public List<Membership> history(String practiceCode) {
        return list("practiceCode", Sort.by("effectiveFrom"), practiceCode);
    }

    public Optional<Membership> on(String practiceCode, LocalDate date) {
        return find("practiceCode = ?1 and effectiveFrom <= ?2 and (effectiveTo is null or effectiveTo > ?2)", practiceCode, date)
                .firstResultOptional();
    }

    public boolean anyStartingAfter(String practiceCode, LocalDate date) {
        return count("practiceCode = ?1 and effectiveFrom > ?2", practiceCode, date) > 0;
    }

    /** Members of a locality on a date. */
    public List<Membership> inLocality(long localityId, LocalDate date) {
        return list("localityId = ?1 and effectiveFrom <= ?2 and (effectiveTo is null or effectiveTo > ?2)",
                Sort.by("practiceCode"), localityId, date);
    }
}
