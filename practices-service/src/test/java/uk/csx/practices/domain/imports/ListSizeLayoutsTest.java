package uk.csx.practices.domain.imports;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import uk.csx.platform.api.ProblemException;

import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 16 item 6: the list-size file read as published, whichever generation of its layout, with a BOM and CRLF. */
class ListSizeLayoutsTest {
    private static final String ROW = "GP_PRAC_PAT_LIST,%s,GP,M1J4Y,E38000248,A84002,NE65 7UW,ALL,ALL,5903";

    @ParameterizedTest
    @ValueSource(strings = {"CCG_CODE", "SUB_ICB_LOCATION_CODE", "SUB_ICB_LOC_CODE"})
    void everyGenerationOfTheCommissionerColumnIsRead(String column) {
        String csv = "\uFEFFPUBLICATION,EXTRACT_DATE,TYPE," + column + ",ONS_CODE,CODE,POSTCODE,SEX,AGE,NUMBER_OF_PATIENTS\r\n"
                + ROW.formatted("01-Apr-26") + "\r\n";
        ParsedFile<ListSizeImport.Row> file = new ListSizeImport(null).parse(csv);
        assertEquals(0, file.errors().size(), String.valueOf(file.errors()));
        assertEquals(new ListSizeImport.Row(1, "A84002", "M1J4Y", LocalDate.of(2026, 4, 1), 5903), file.rows().get(0));
    }

    @Test
    void aFileOfNoKnownLayoutIsRefusedNamingTheColumnsFoundAndExpected() {
        String csv = "PUBLICATION,EXTRACT_DATE,TYPE,ICB,CODE,NUMBER_OF_PATIENTS\n" + "GP_PRAC_PAT_LIST,01JAN2021,GP,QU9,A84002,5903\n";
        ProblemException refused = assertThrows(ProblemException.class, () -> new ListSizeImport(null).parse(csv));
        assertEquals(400, refused.status());
        assertTrue(refused.getMessage().contains("ICB") && refused.getMessage().contains("SUB_ICB_LOC_CODE"), refused.getMessage());
    }
}
