package uk.csx.practices.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import uk.csx.practices.domain.Commissioner;

import java.time.LocalDate;
import java.util.List;

@ApplicationScoped
public class CommissionerRepository implements PanacheRepositoryBase<Commissioner, String> {

    /** The commissioner's parent on the date (a sub-ICB location's ICB, an ICB's region), or null. */
    public String parentOn(String code, LocalDate date) {
        @SuppressWarnings("unchecked")
        List<String> parents = getEntityManager().createNativeQuery("""
                        SELECT parent_code FROM commissioner_parent WHERE code = ?1 AND effective_from <= ?2
                        AND (effective_to IS NULL OR effective_to > ?2)""").setParameter(1, code).setParameter(2, date).getResultList();
        return parents.isEmpty() ? null : parents.get(0);
    }

    /** The commissioners directly under this one on the date, by code. */
    public List<Commissioner> childrenOn(String code, LocalDate date) {
        return getEntityManager().createNativeQuery("""
                        SELECT c.* FROM commissioner c JOIN commissioner_parent p ON p.code = c.code WHERE p.parent_code = ?1
                        AND p.effective_from <= ?2 AND (p.effective_to IS NULL OR p.effective_to > ?2) ORDER BY c.code""", Commissioner.class)
                .setParameter(1, code).setParameter(2, date).getResultList();
    }

    /** Keyset page by code: limit+1 rows after the given code. */
    public List<Commissioner> pageAfter(String afterCode, int limit) {
        var query = afterCode == null
                ? findAll(Sort.by("code"))
                : find("code > ?1", Sort.by("code"), afterCode);
        return query.page(0, limit + 1).list();
    }
}
