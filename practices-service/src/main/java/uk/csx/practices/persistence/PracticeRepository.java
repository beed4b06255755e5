package uk.csx.practices.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import uk.csx.practices.domain.Practice;

import java.time.LocalDate;
import java.util.List;

@ApplicationScoped
public class PracticeRepository implements PanacheRepositoryBase<Practice, String> {

    /** What a practice search may filter on; null means any. Membership filters apply on {@code asOf}. */
    public record Filter(String ccg, Long localityId, String status, Integer prescribingSetting, String name,
                         String postcodePrefix, LocalDate asOf) {
    }

    /** A practice's primary care network on a date. */
    public record Network(String pcnCode, String pcnName) {
    }

    public java.util.Optional<Network> networkOn(String code, LocalDate date) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = getEntityManager().createNativeQuery("SELECT n.pcn_code, n.pcn_name FROM ("
                        + PracticeNetworks.onDate("?2") + ") n WHERE n.practice_code = ?1")
                .setParameter(1, code).setParameter(2, date).getResultList();
        return rows.stream().findFirst().map(r -> new Network((String) r[0], (String) r[1]));
    }

    /** Keyset page by code: up to limit+1 practices after the given code. */
    public List<Practice> search(Filter f, String afterCode, int limit) {
        StringBuilder q = new StringBuilder("from Practice p where 1 = 1");
        Parameters params = new Parameters();
        if (afterCode != null) {
            q.append(" and p.code > :after");
            params.and("after", afterCode);
        }
        if (f.status() != null) {
            q.append(" and p.status = :status");
            params.and("status", f.status());
        }
        if (f.prescribingSetting() != null) {
            q.append(" and p.prescribingSetting = :setting");
            params.and("setting", f.prescribingSetting());
        }
        if (f.name() != null) {
            q.append(" and lower(p.name) like :name");
            params.and("name", "%" + f.name().toLowerCase().replace("%", "") + "%");
        }
        if (f.postcodePrefix() != null) {
            q.append(" and p.postcode like :postcode");
            params.and("postcode", f.postcodePrefix().toUpperCase().replace("%", "") + "%");
        }
        if (f.ccg() != null || f.localityId() != null) {
            q.append(" and exists (select 1 from Membership m where m.practiceCode = p.code and m.effectiveFrom <= :asOf"
                    + " and (m.effectiveTo is null or m.effectiveTo > :asOf)");
            params.and("asOf", f.asOf());
            if (f.ccg() != null) {
                q.append(" and m.ccgCode = :ccg");
                params.and("ccg", f.ccg());
            }
            if (f.localityId() != null) {
                q.append(" and m.localityId = :locality");
                params.and("locality", f.localityId());
            }
            q.append(")");
        }
        q.append(" order by p.code");
        return find(q.toString(), params).page(0, limit + 1).list();
    }
}
