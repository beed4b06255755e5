package uk.csx.contracts.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import uk.csx.contracts.domain.Agreement;
import uk.csx.contracts.domain.AgreementVariation;
import uk.csx.contracts.domain.AgreementVersion;

import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class AgreementRepository implements PanacheRepositoryBase<Agreement, UUID> {

    /** Keyset page by id of the agreements a CCG or supplier is party to (both null: all). */
    /** Keyset page by id of the agreements of one of the commissioners or of the supplier (null each: any). */
    public List<Agreement> page(List<String> commissioners, String supplier, UUID after, int limit) {
        StringBuilder q = new StringBuilder("1 = 1");
        Parameters p = new Parameters();
        if (commissioners != null && commissioners.isEmpty()) {
            q.append(" and 1 = 0");
        } else if (commissioners != null) {
            q.append(" and ccgCode in :ccgs");
            p.and("ccgs", commissioners);
        }
        if (supplier != null) {
            q.append(" and supplierCode = :supplier");
            p.and("supplier", supplier);
        }
        if (after != null) {
            q.append(" and id > :after");
            p.and("after", after);
        }
        return find(q.toString(), Sort.by("id"), p).page(0, limit + 1).list();
    }

    public List<AgreementVersion> versions(UUID agreementId) {
        return getEntityManager().createQuery("from AgreementVersion v where v.agreementId = :id order by v.versionNo", AgreementVersion.class)
                .setParameter("id", agreementId).getResultList();
    }

    /** An agreement's variation proposals, oldest first. */
    public List<AgreementVariation> variations(UUID agreementId) {
        return getEntityManager().createQuery("from AgreementVariation v where v.agreementId = :id order by v.proposedAt, v.id",
                AgreementVariation.class).setParameter("id", agreementId).getResultList();
    }

    /** The agreement's open proposal, if any (at most one: a unique index holds it). */
    public AgreementVariation openVariation(UUID agreementId) {
        return getEntityManager().createQuery("from AgreementVariation v where v.agreementId = :id and v.status = :open", AgreementVariation.class)
                .setParameter("id", agreementId).setParameter("open", AgreementVariation.Status.PROPOSED).getResultStream()
                .findFirst().orElse(null);
    }

    public int lastVersionNo(UUID agreementId) {
        Integer last = getEntityManager().createQuery("select max(v.versionNo) from AgreementVersion v where v.agreementId = :id", Integer.class)
                .setParameter("id", agreementId).getSingleResult();
        return last == null ? 0 : last;
    }
}
