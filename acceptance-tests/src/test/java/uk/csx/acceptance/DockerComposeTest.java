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
            assertEquals(List.of(entry.getValue() + ":" + entry.getValue()), service.get("ports"), entry.getKey());
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
}
