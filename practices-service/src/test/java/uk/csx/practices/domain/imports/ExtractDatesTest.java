package uk.csx.practices.domain.imports;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Issue 16 item 6: extract dates as NHS files have written them, read the same whatever the JDK's locale data says. */
class ExtractDatesTest {
    @ParameterizedTest
    @CsvSource({"01JAN2021,2021-01-01", "01SEP2022,2022-09-01", "01SEPT2022,2022-09-01", "01-Sept-22,2022-09-01",
            "01-Apr-26,2026-04-01", "2026-04-01,2026-04-01", "1 Dec 2025,2025-12-01", "01dec2025,2025-12-01"})
    void everyFormTheFilesHaveUsedIsRead(String text, String date) {
        assertEquals(LocalDate.parse(date), Csv.extractDate(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "31FEB2021", "01XYZ2021", "2021-13-01", "01JAN0001", "01/01/2021", "1e3"})
    void anythingElseIsARejectedRowNamingTheValue(String text) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> Csv.extractDate(text));
        assertEquals(true, refused.getMessage().contains("date"), refused.getMessage());
    }
}
