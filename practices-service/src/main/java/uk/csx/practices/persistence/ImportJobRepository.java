package uk.csx.practices.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import uk.csx.platform.persistence.NativeValues;
import jakarta.enterprise.context.ApplicationScoped;
import uk.csx.practices.domain.ImportJob;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class ImportJobRepository implements PanacheRepositoryBase<ImportJob, UUID> {

    public record Warning(long id, UUID importId, String practiceCode, LocalDate asOf, String fileCcgCode, String heldCcgCode) {
    }

    /** Reconciliation warnings by id after the cursor; for a CCG, those where it is the file's or the held commissioner. */
    public List<Warning> warnings(String ccg, long afterId, int limit) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = getEntityManager().createNativeQuery("""
                        SELECT id, import_id, practice_code, as_of, file_ccg_code, held_ccg_code FROM reconciliation_warning
                        WHERE id > ?1 AND (CAST(?2 AS TEXT) IS NULL OR file_ccg_code = ?2 OR held_ccg_code = ?2)
                        ORDER BY id LIMIT ?3""")
                .setParameter(1, afterId).setParameter(2, ccg).setParameter(3, limit + 1).getResultList();
        return rows.stream().map(r -> new Warning(((Number) r[0]).longValue(), (UUID) r[1], (String) r[2],
                NativeValues.localDate(r[3]), (String) r[4], (String) r[5])).toList();
    }
}
