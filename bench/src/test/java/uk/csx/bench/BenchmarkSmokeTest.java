package uk.csx.bench;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** CI's check of the benchmark: it builds, starts the stack and measures the gateway for a few seconds (no figures are judged). */
class BenchmarkSmokeTest {
    @Test
    void aShortRunMeasuresTheGatewayAndWritesItsReport() throws Exception {
        Path project = Path.of(System.getProperty("csx.project.dir", "..")).toAbsolutePath().normalize();
        Path report = project.resolve("bench/target/benchmarks-smoke.md");
        Files.deleteIfExists(report);

        Benchmarks.main(new String[]{"--smoke"});

        String text = Files.readString(report);
        assertTrue(text.contains("## 1. Gateway overhead") && text.contains("| 1 |"), text);
        assertTrue(text.contains("## Targets") && text.contains("gateway p99 ÷ direct p99"), text);
        assertTrue(Files.size(project.resolve("bench/target/gateway-latency.png")) > 1_000);
    }
}
