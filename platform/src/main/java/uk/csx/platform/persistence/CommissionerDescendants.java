package uk.csx.platform.persistence;

import jakarta.persistence.EntityManager;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The commissioners under one on a date, at every level, from a table of dated parents
 * (code, parent_code, effective_from, effective_to): practices-service's register and the
 * consumers' projection keep the same shape.
 */
public final class CommissionerDescendants {
    private CommissionerDescendants() {
    }

    public static Set<String> of(EntityManager em, String parentTable, String code, LocalDate on) {
        @SuppressWarnings("unchecked")
        List<String> codes = em.createNativeQuery("WITH RECURSIVE tree (code) AS (SELECT CAST(?1 AS VARCHAR) UNION "
                        + "SELECT p.code FROM " + parentTable + " p JOIN tree t ON p.parent_code = t.code "
                        + "WHERE p.effective_from <= ?2 AND (p.effective_to IS NULL OR p.effective_to > ?2)) "
                        + "SELECT code FROM tree WHERE code <> ?1")
                .setParameter(1, code).setParameter(2, on).getResultList();
        return new TreeSet<>(codes);
    }
}
