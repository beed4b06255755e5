package uk.csx.contracts.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import uk.csx.contracts.domain.Offer;

import java.time.LocalDate;
import java.util.List;

@ApplicationScoped
public class OfferRepository implements PanacheRepositoryBase<Offer, Long> {

    /** Offers valid on the date (withdrawn offers never are), optionally of one line and/or one supplier. */
    public List<Offer> validOn(LocalDate date, String serviceLine, String supplier) {
        StringBuilder q = new StringBuilder("withdrawnAt is null and validFrom <= :date and (validTo is null or validTo > :date)");
        Parameters p = Parameters.with("date", date);
        if (serviceLine != null) {
            q.append(" and serviceLineCode = :line");
            p.and("line", serviceLine);
        }
        if (supplier != null) {
            q.append(" and supplierCode = :supplier");
            p.and("supplier", supplier);
        }
        return list(q.toString(), Sort.by("serviceLineCode").and("supplierCode"), p);
    }

    public List<Offer> history(String supplier, String serviceLine) {
        return list("supplierCode = ?1 and serviceLineCode = ?2", Sort.by("validFrom"), supplier, serviceLine);
    }
}
