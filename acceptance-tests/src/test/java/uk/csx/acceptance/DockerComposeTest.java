package uk.csx.acceptance;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docker compose cannot run on these machines, so the deployment file is checked by reading it:
 * every application, its port, every environment variable its configuration reads, health checks
 * and start order.
 */
class DockerComposeTest {
    private static final Path PROJECT = Path.of(System.getProperty("csx.project.dir", "..")).toAbsolutePath().normalize();
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(:[^}]*)?}");
    private static final Map<String, Integer> PORTS = Map.of(
            "gateway", 8080, "practices-service", 8081, "contracts-service", 8082, "billing-service", 8083);

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> services() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(PROJECT.resolve("docker-compose.yml")));
        return (Map<String, Map<String, Object>>) compose.get("services");
    }

    /** Environment variables a module's configuration reads (${NAME:default}), platform defaults included. */
    private static Set<String> variablesReadBy(String module) throws IOException {
        Set<String> names = new TreeSet<>();
        List<Path> files = module.equals("gateway")
                ? List.of(PROJECT.resolve("gateway/src/main/resources/application.properties"))
                : List.of(PROJECT.resolve(module + "/src/main/resources/application.properties"),
                PROJECT.resolve("platform/src/main/resources/META-INF/microprofile-config.properties"));
        for (Path file : files) {
            Matcher m = ENV_REFERENCE.matcher(Files.readString(file));
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    @Test
    void everyApplicationHasItsPortEnvironmentHealthCheckAndStartOrder() throws IOException {
        Map<String, Map<String, Object>> services = services();
        assertTrue(services.keySet().containsAll(Set.of("postgres", "kafka")), services.keySet().toString());
        for (var entry : PORTS.entrySet()) {
            Map<String, Object> service = services.get(entry.getKey());
            assertNotNull(service, entry.getKey() + " is missing from docker-compose.yml");
            if (entry.getKey().equals("gateway")) {
                assertEquals(List.of(entry.getValue() + ":" + entry.getValue()), service.get("ports"), entry.getKey());
            } else {
                assertEquals(List.of(String.valueOf(entry.getValue())), service.get("expose"), entry.getKey());
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> env = (Map<String, Object>) service.get("environment");
            assertEquals(String.valueOf(entry.getValue()), String.valueOf(env.get("QUARKUS_HTTP_PORT")), entry.getKey());
            Set<String> read = variablesReadBy(entry.getKey());
            assertTrue(!read.isEmpty());
            assertTrue(env.keySet().containsAll(read), entry.getKey() + " reads " + read + " but compose sets " + env.keySet());
            assertNotNull(service.get("healthcheck"), entry.getKey() + " has no health check");
            assertNotNull(service.get("depends_on"), entry.getKey() + " has no depends_on");
            @SuppressWarnings("unchecked")
            Map<String, Object> build = (Map<String, Object>) service.get("build");
            assertEquals(Map.of("MODULE", entry.getKey()), build.get("args"));
            assertTrue(Files.isDirectory(PROJECT.resolve(entry.getKey()).resolve("src/main/java")));
        }
    }

    @Test
    void eachServiceGetsItsOwnDatabaseWhichTheInitScriptCreates() throws IOException {
        String init = Files.readString(PROJECT.resolve("docker/postgres-init.sql"));
        for (String db : List.of("practices", "contracts", "billing")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> env = (Map<String, Object>) services().get(db + "-service").get("environment");
            assertEquals("jdbc:postgresql://postgres:5432/" + db, env.get("DB_URL"));
            assertTrue(init.contains("CREATE DATABASE " + db + ";"), db);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> gateway = (Map<String, Object>) services().get("gateway").get("environment");
        assertEquals("jdbc:postgresql://postgres:5432/gateway", gateway.get("DB_URL"));
        assertTrue(init.contains("CREATE DATABASE gateway;"));
    }

    @Test
    void theGatewayRoutesToTheComposeServices() throws IOException {
        @SuppressWarnings("unchecked")
        Map<String, Object> env = (Map<String, Object>) services().get("gateway").get("environment");
        assertEquals("http://practices-service:8081", env.get("PRACTICES_URL"));
        assertEquals("http://contracts-service:8082", env.get("CONTRACTS_URL"));
        assertEquals("http://billing-service:8083", env.get("BILLING_URL"));
    }

    @Test
    void onlyTheGatewayIsPublishedAndEveryContainerRestarts() throws IOException {
        Map<String, Map<String, Object>> services = services();
        for (var entry : services.entrySet()) {
            assertEquals(entry.getKey().equals("gateway"), entry.getValue().containsKey("ports"),
                    entry.getKey() + ": only the gateway publishes a port");
            assertEquals("unless-stopped", entry.getValue().get("restart"), entry.getKey() + " has no restart policy");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theBrokerWritesItsLogToTheMountedVolume() throws IOException {
        Map<String, Object> kafka = services().get("kafka");
        String logDirs = String.valueOf(((Map<String, Object>) kafka.get("environment")).get("KAFKA_LOG_DIRS"));
        List<String> volumes = (List<String>) kafka.get("volumes");
        assertTrue(volumes.stream().anyMatch(v -> v.startsWith("kafka-data:") && v.substring("kafka-data:".length()).equals(logDirs)),
                "KAFKA_LOG_DIRS " + logDirs + " is not the mounted kafka-data volume " + volumes);
    }

    @Test
    @SuppressWarnings("unchecked")
    void postgresIsHealthyOnlyWhenItAnswersOverTcp() throws IOException {
        List<String> test = (List<String>) ((Map<String, Object>) services().get("postgres").get("healthcheck")).get("test");
        String command = String.join(" ", test);
        assertTrue(command.contains("pg_isready") && command.matches(".*\\s-h\\s+127\\.0\\.0\\.1\\b.*"),
                "pg_isready must probe over TCP, not the init-phase socket: " + command);
    }

    /**
     * The applications' health check is run for real with bash (the one shell the UBI Java runtime
     * image is sure to have; it has no curl): healthy on a 200 from /q/health/ready, not on a 503 or
     * with nothing listening.
     */
    @Test
    @SuppressWarnings("unchecked")
    void theApplicationsHealthCheckRunsWithBashAloneAndTellsReadyFromNot() throws Exception {
        Map<String, Map<String, Object>> services = services();
        List<String> test = (List<String>) ((Map<String, Object>) services.get("practices-service").get("healthcheck")).get("test");
        for (String app : PORTS.keySet()) {
            assertEquals(test, ((Map<String, Object>) services.get(app).get("healthcheck")).get("test"), app + " checks its health differently");
        }
        assertEquals(List.of("CMD", "bash", "-c"), test.subList(0, 3), "exec form with bash: " + test);
        assertTrue(Files.readString(PROJECT.resolve("docker/Dockerfile.jvm")).contains("ubi9/openjdk-17-runtime"));
        String script = test.get(3).replace("$$", "$"); // compose's escape for a literal $
        java.util.concurrent.atomic.AtomicInteger status = new java.util.concurrent.atomic.AtomicInteger(200);
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/q/health/ready", exchange -> {
            exchange.sendResponseHeaders(status.get(), -1);
            exchange.close();
        });
        server.start();
        try {
            int port = server.getAddress().getPort();
            assertEquals(0, run(script, port), "a 200 is healthy");
            status.set(503);
            assertTrue(run(script, port) != 0, "a 503 is not healthy");
        } finally {
            server.stop(0);
        }
        assertTrue(run(script, uk.csx.infra.Ports.free()) != 0, "nothing listening is not healthy");
    }

    private static int run(String script, int port) throws Exception {
        ProcessBuilder bash = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true);
        bash.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
        Process p = bash.start();
        p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS), "the health check hung");
        return p.exitValue();
    }
}
