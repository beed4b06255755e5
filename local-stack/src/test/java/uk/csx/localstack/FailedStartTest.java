package uk.csx.localstack;

import org.junit.jupiter.api.Test;
import uk.csx.infra.Ports;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A stack that cannot start must not leave its database or broker running (a later start would find their ports taken). */
class FailedStartTest {
    @Test
    void whatHadStartedIsStoppedWhenAServiceCannotStart() throws Exception {
        Path noBuild = Files.createTempDirectory("csx-no-build"); // a project folder with no service built in it
        LocalStack.Settings settings = LocalStack.Settings.isolated(noBuild, noBuild.resolve("stack"));

        StackProblem problem = assertThrows(StackProblem.class, () -> new LocalStack(settings).start());

        assertTrue(problem.getMessage().contains("is not built"), problem.getMessage());
        assertFalse(Ports.inUse(settings.postgresPort()), "PostgreSQL is still listening");
        assertFalse(Ports.inUse(settings.kafkaPort()), "Kafka is still listening");
    }
}
