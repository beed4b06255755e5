package uk.csx.practices.api;

import io.restassured.response.ValidatableResponse;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/** The real NHS files in data/nhs, imported once per test JVM through the API. */
final class OdsFiles {
    static final String PRACTICES = "epraccur.csv";
    static final String LIST_SIZES = "gp-reg-pat-prac-all-2021-01.csv";
    static final String WEIGHTED = "aif-weighted-populations-2022-23.csv";

    private static boolean imported;

    private OdsFiles() {
    }

    static String read(String name) {
        try {
            return Files.readString(Path.of(System.getProperty("nhs.data.dir", "../data/nhs")).resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The allocation file's rows, read by their header names (its byte order mark left out). */
    static List<CSVRecord> weightedRows() {
        try {
            return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                    .parse(new StringReader(read(WEIGHTED).replace("\uFEFF", ""))).getRecords();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static synchronized void importAll() {
        if (imported) {
            return;
        }
        awaitCompleted(post("/api/ods-imports", read(PRACTICES)));
        awaitCompleted(post("/api/ods-imports/weighted-populations", read(WEIGHTED)));
        awaitCompleted(post("/api/list-sizes/imports", read(LIST_SIZES)));
        imported = true;
    }

    /** POSTs a file and returns the job's URL. */
    static String post(String path, String csv) {
        return given().contentType("text/csv; charset=UTF-8").body(csv).post(path).then().log().ifValidationFails().statusCode(202).extract().header("Location");
    }

    /** Waits for the job to finish and returns its final view. */
    static ValidatableResponse awaitCompleted(String jobUrl) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> !"RUNNING".equals(given().get(jobUrl).then().extract().path("status")));
        return given().get(jobUrl).then().statusCode(200).body("status", org.hamcrest.Matchers.equalTo("COMPLETED"));
    }
}
