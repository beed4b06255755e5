package uk.csx.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import uk.csx.infra.TestInfrastructure;

import java.util.Map;

/**
 * The one Quarkus test resource of every service: a real PostgreSQL and a real Kafka broker,
 * started once per test JVM, and the service's own database created in it. Init arg
 * {@code database} names that database. Tokens from {@link Tokens} are trusted.
 */
public class RealInfrastructure implements QuarkusTestResourceLifecycleManager {
    private String database = "app";

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
    }

    @Override
    public Map<String, String> start() {
        TestInfrastructure infra = TestInfrastructure.get();
        infra.postgres().createDatabase(database);
        return Map.of(
                "quarkus.datasource.jdbc.url", infra.postgres().jdbcUrl(database),
                "kafka.bootstrap.servers", infra.kafka().bootstrapServers(),
                // services trust the test key pair that Tokens signs with
                "mp.jwt.verify.publickey.location", Tokens.PUBLIC_KEY,
                "mp.jwt.verify.issuer", Tokens.ISSUER);
    }

    @Override
    public void stop() {
        // stopped with the JVM: other test classes of this JVM may still use it
    }
}
