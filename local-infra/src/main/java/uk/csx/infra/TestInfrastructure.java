package uk.csx.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One PostgreSQL and one Kafka broker per test JVM, started on first use on free ports and
 * stopped when the JVM exits. Tests reach it to stop or restart the broker for fault tests.
 */
public final class TestInfrastructure {
    private static TestInfrastructure instance;

    private final PostgresServer postgres;
    private final KafkaBroker kafka;

    private TestInfrastructure(PostgresServer postgres, KafkaBroker kafka) {
        this.postgres = postgres;
        this.kafka = kafka;
    }

    public static synchronized TestInfrastructure get() {
        if (instance == null) {
            try {
                Path work = Files.createTempDirectory("csx-test-infra");
                PostgresServer postgres = new PostgresServer(Ports.free(), null).start();
                KafkaBroker kafka = new KafkaBroker(Ports.free(), work.resolve("kafka")).start();
                instance = new TestInfrastructure(postgres, kafka);
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    kafka.close();
                    postgres.close();
                }, "test-infrastructure-stop"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    public PostgresServer postgres() {
        return postgres;
    }

    public KafkaBroker kafka() {
        return kafka;
    }
}
