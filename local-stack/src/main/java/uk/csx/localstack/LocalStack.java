package uk.csx.localstack;

import uk.csx.infra.KafkaBroker;
import uk.csx.infra.Ports;
import uk.csx.infra.PostgresServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The whole system on one machine: a real PostgreSQL (one database per service), a real Kafka
 * broker, the three services and the gateway, each its own process. Used by {@code ./run.sh}
 * and by the end-to-end tests, which start it on free ports in a temporary folder.
 */
public final class LocalStack implements AutoCloseable {
    public static final List<String> SERVICES = List.of("practices", "contracts", "billing");

    /** Where things run: the project checkout, the folder for data and logs, and the ports. */
    public record Settings(Path projectDir, Path workDir, boolean fresh, int gatewayPort, int practicesPort,
                           int contractsPort, int billingPort, int postgresPort, int kafkaPort) {

        public static Settings defaults(Path projectDir, boolean fresh) {
            return new Settings(projectDir, projectDir.resolve(".local-stack"), fresh,
                    env("GATEWAY_PORT", 8080), env("PRACTICES_PORT", 8081), env("CONTRACTS_PORT", 8082),
                    env("BILLING_PORT", 8083), env("POSTGRES_PORT", 15432), env("KAFKA_PORT", 19092));
        }

        /** Free ports and a new folder: for tests, beside anything else running. */
        public static Settings isolated(Path projectDir, Path workDir) {
            return new Settings(projectDir, workDir, true, Ports.free(), Ports.free(), Ports.free(), Ports.free(),
                    Ports.free(), Ports.free());
        }

        int servicePort(String service) {
            return switch (service) {
                case "practices" -> practicesPort;
                case "contracts" -> contractsPort;
                case "billing" -> billingPort;
                default -> throw new IllegalArgumentException(service);
            };
        }

        private static int env(String name, int fallback) {
            String value = System.getenv(name);
            return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
        }
    }

    private final Settings settings;
    private final List<ServiceProcess> processes = new ArrayList<>();
    private final Map<String, String> gatewayOverrides = new java.util.HashMap<>();
    /** A service the developer runs in Quarkus dev mode on its port, instead of the stack starting it. */
    private String devService;
    private PostgresServer postgres;
    private KafkaBroker kafka;

    public LocalStack(Settings settings) {
        this.settings = settings;
    }

    /** Extra gateway settings as environment variables (e.g. higher rate limits for a benchmark); before start(). */
    public LocalStack withGatewayEnvironment(Map<String, String> environment) {
        gatewayOverrides.putAll(environment);
        return this;
    }

    /**
     * Leaves one service to the developer ({@code ./mvnw quarkus:dev -pl <service>-service}, live
     * reload): the stack starts everything else and waits for it on its port before the gateway.
     */
    public LocalStack withDevService(String service) {
        if (!SERVICES.contains(service)) {
            throw new StackProblem("--dev takes one of " + SERVICES + ", not " + service);
        }
        this.devService = service;
        return this;
    }

    /** Starts everything and waits until the gateway is ready; if any part fails, what had started is stopped again. */
    public LocalStack start() {
        checkPortsFree();
        prepareWorkDir();
        try {
            startAll();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        return this;
    }

    private void startAll() {
        Path logs = settings.workDir().resolve("logs");
        postgres = new PostgresServer(settings.postgresPort(), settings.workDir().resolve("postgres")).start();
        SERVICES.forEach(postgres::createDatabase);
        postgres.createDatabase("gateway");
        kafka = new KafkaBroker(settings.kafkaPort(), settings.workDir().resolve("kafka")).start();

        // one after another: on a small machine three JVMs starting at once are not ready sooner together, and each takes twice as long
        for (String service : SERVICES) {
            if (service.equals(devService)) {
                continue;
            }
            ServiceProcess process = service(service, service + "-service", settings.servicePort(service)).start();
            processes.add(process);
            process.awaitReady(Duration.ofSeconds(180));
        }
        if (devService != null) {
            awaitDevService();
        }
        Map<String, String> gatewayEnvironment = new java.util.HashMap<>(gatewayOverrides);
        gatewayEnvironment.putAll(Map.of(
                "DB_URL", postgres.jdbcUrl("gateway"),
                "BOOTSTRAP_OPERATOR_ID", DemoClients.OPERATOR.clientId(),
                "BOOTSTRAP_OPERATOR_SECRET", DemoClients.OPERATOR.secret(),
                "PRACTICES_URL", "http://127.0.0.1:" + settings.practicesPort(),
                "CONTRACTS_URL", "http://127.0.0.1:" + settings.contractsPort(),
                "BILLING_URL", "http://127.0.0.1:" + settings.billingPort()));
        ServiceProcess gateway = new ServiceProcess("gateway", settings.gatewayPort(), jar("gateway"),
                logs.resolve("gateway.log"), gatewayEnvironment).start();
        processes.add(gateway);
        gateway.awaitReady(Duration.ofSeconds(120));
    }

    private void awaitDevService() {
        int port = settings.servicePort(devService);
        System.out.printf("""
                PostgreSQL (port %d), Kafka (port %d) and the other services are up. Start %s-service in dev mode now,
                in another terminal (live reload; it finds this stack's database and broker on their default ports):
                    ./mvnw quarkus:dev -pl %s-service
                Waiting for it on port %d...
                """, settings.postgresPort(), settings.kafkaPort(), devService, devService, port);
        ServiceProcess.awaitReady(serviceUrl(devService), Duration.ofMinutes(15), devService + "-service in dev mode", () -> { });
    }

    public URI gatewayUrl() {
        return URI.create("http://127.0.0.1:" + settings.gatewayPort());
    }

    public URI serviceUrl(String service) {
        return URI.create("http://127.0.0.1:" + settings.servicePort(service));
    }

    /** JDBC URL of a service's database, for tests that check what a service stored. */
    public String jdbcUrl(String service) {
        return postgres.jdbcUrl(service);
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    private ServiceProcess service(String service, String name, int port) {
        return service(service, name, port, postgres.jdbcUrl(service));
    }

    private ServiceProcess service(String service, String name, int port, String jdbcUrl) {
        return new ServiceProcess(name, port, jar(service + "-service"), settings.workDir().resolve("logs").resolve(name + ".log"), Map.of(
                "DB_URL", jdbcUrl,
                "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "JWKS_URL", gatewayUrl() + "/.well-known/jwks.json"));
    }

    /** SIGKILLs a service (fault tests): no shutdown, no clean close. */
    public synchronized void kill(String service) {
        processes.stream().filter(p -> p.name().equals(service + "-service")).forEach(ServiceProcess::kill);
    }

    /** Starts a service again on its port after {@link #kill}, and waits until it is ready. */
    public synchronized void restart(String service) {
        processes.removeIf(p -> p.name().equals(service + "-service"));
        ServiceProcess again = service(service, service + "-service", settings.servicePort(service)).start();
        processes.add(0, again);
        again.awaitReady(Duration.ofSeconds(120));
    }

    /** A second instance of a service on a free port, in the same database and consumer group; its URL. */
    public synchronized URI startSecondInstance(String service) {
        return startSecondInstance(service, postgres.jdbcUrl(service));
    }

    /** A second instance that reaches its database at {@code jdbcUrl} (fault tests put a proxy in between); its URL. */
    public synchronized URI startSecondInstance(String service, String jdbcUrl) {
        ServiceProcess second = service(service, service + "-service-" + (processes.size() + 1), Ports.free(), jdbcUrl).start();
        processes.add(0, second);
        second.awaitReady(Duration.ofSeconds(120));
        return second.url();
    }

    /** Process ids of the services and the gateway, by name (for measurements). */
    public Map<String, Long> pids() {
        Map<String, Long> pids = new java.util.LinkedHashMap<>();
        processes.forEach(p -> pids.put(p.name(), p.pid()));
        return pids;
    }

    /** The database server, for fault tests that stop and restart it. */
    public PostgresServer postgres() {
        return postgres;
    }

    public Settings settings() {
        return settings;
    }

    /** Stops the services (gateway first), then Kafka, then PostgreSQL. */
    @Override
    public synchronized void close() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).close();
        }
        processes.clear();
        if (kafka != null) {
            kafka.stop();
            kafka = null;
        }
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
    }

    private void checkPortsFree() {
        int[] ports = {settings.gatewayPort(), settings.practicesPort(), settings.contractsPort(), settings.billingPort(),
                settings.postgresPort(), settings.kafkaPort()};
        for (int port : ports) {
            if (Ports.inUse(port)) {
                throw new StackProblem("port " + port + " is already in use: stop what holds it (is the stack already running?) "
                        + "or choose other ports with GATEWAY_PORT, PRACTICES_PORT, CONTRACTS_PORT, BILLING_PORT, POSTGRES_PORT, KAFKA_PORT");
            }
        }
    }

    private void prepareWorkDir() {
        try {
            if (settings.fresh() && Files.exists(settings.workDir())) {
                try (Stream<Path> files = Files.walk(settings.workDir())) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            Files.createDirectories(settings.workDir().resolve("logs"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path jar(String module) {
        return settings.projectDir().resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    }
}
