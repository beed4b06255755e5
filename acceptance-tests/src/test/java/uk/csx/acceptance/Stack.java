package uk.csx.acceptance;

import org.postgresql.ds.PGSimpleDataSource;
import uk.csx.localstack.DemoClients;
import uk.csx.localstack.LocalStack;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** One whole stack per test JVM, started as ./run.sh starts it, on free ports in a temporary folder. */
final class Stack {
    private static LocalStack stack;

    private Stack() {
    }

    static synchronized LocalStack get() {
        if (stack == null) {
            try {
                Path project = Path.of(System.getProperty("csx.project.dir", "..")).toAbsolutePath().normalize();
                stack = new LocalStack(LocalStack.Settings.isolated(project, Files.createTempDirectory("csx-acceptance"))).start();
                Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "acceptance-stack-stop"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return stack;
    }

    /** A token for a demo client, as a CCG system or supplier portal gets one. */
    static String token(DemoClients.Client client) {
        return io.restassured.RestAssured.given().baseUri(gateway()).contentType("application/x-www-form-urlencoded")
                .formParam("grant_type", "client_credentials").formParam("client_id", client.clientId())
                .formParam("client_secret", client.secret())
                .post("/oauth2/token").then().statusCode(200).extract().path("access_token");
    }

    static String gateway() {
        return get().gatewayUrl().toString();
    }

    /** A service's own database, for asserting on what the design says appears there. */
    static DataSource database(String service) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(get().jdbcUrl(service));
        dataSource.setUser("postgres");
        dataSource.setPassword("postgres");
        return dataSource;
    }
}
