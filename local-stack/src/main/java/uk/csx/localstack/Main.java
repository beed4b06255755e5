package uk.csx.localstack;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/** {@code ./run.sh}: starts the local stack, loads demo data, prints where to go, stops on Ctrl-C. */
public final class Main {
    private Main() {
    }

    private static String clients() {
        StringBuilder lines = new StringBuilder();
        java.util.List<DemoClients.Client> all = new java.util.ArrayList<>(java.util.List.of(DemoClients.OPERATOR));
        all.addAll(DemoClients.REGISTERED);
        for (DemoClients.Client c : all) {
            lines.append(String.format("  %-14s %-24s secret %-24s%s%n", c.role(), c.clientId(), c.secret(),
                    c.org() == null ? "" : " org " + c.org()));
        }
        return lines.toString().stripTrailing();
    }

    public static void main(String[] args) throws InterruptedException {
        List<String> options = List.of(args);
        boolean fresh = options.contains("--fresh");
        Path projectDir = Path.of(System.getProperty("csx.project.dir", ".")).toAbsolutePath().normalize();
        LocalStack stack = new LocalStack(LocalStack.Settings.defaults(projectDir, fresh));
        try {
            options.stream().filter(o -> o.startsWith("--dev=")).findFirst().ifPresent(o -> stack.withDevService(o.substring("--dev=".length())));
        } catch (StackProblem e) {
            System.err.println("run.sh: " + e.getMessage());
            System.exit(2);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean stopping = new java.util.concurrent.atomic.AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping.set(true);
            System.out.println("Stopping the local stack...");
            stack.close();
            System.out.println("Stopped: services, Kafka and PostgreSQL are down.");
            stopped.countDown();
        }, "local-stack-stop"));
        long started = System.nanoTime();
        try {
            System.out.println("Starting PostgreSQL, Kafka, practices-, contracts-, billing-service and the gateway"
                    + (fresh ? " on fresh data" : "") + " (logs in " + stack.settings().workDir().resolve("logs") + ")...");
            stack.start();
            new DemoData(stack.gatewayUrl()).load(projectDir.resolve("data/nhs"));
            // "up" means usable: populations are sums of practice events that contracts and billing apply
            System.out.println("Waiting until contracts- and billing-service have applied the practice events...");
            new EventsArrival(stack, System.out).await(java.time.Duration.ofMinutes(10));
        } catch (RuntimeException e) {
            if (stopping.get()) {
                return; // Ctrl-C while starting: the shutdown hook stops what was started
            }
            System.err.println("run.sh: " + (e instanceof StackProblem ? "" : "could not start the stack: ") + e.getMessage());
            System.exit(1);
        }
        String gateway = stack.gatewayUrl().toString();
        System.out.printf("""

                The commissioning support exchange is up (%.1f s).
                  Gateway:     %s
                  Swagger UI:  %s/q/swagger-ui   (all three APIs; Authorize with a demo client below)
                  Health:      %s/q/health
                  Services:    practices %s, contracts %s, billing %s
                  Demo data:   the real ODS practices, weighted populations and January 2021 list sizes;
                               the 18 CSUs and one private supplier; a few published offers
                  Try:         curl "%s/api/offers/comparison?serviceLine=BUSINESS_INTELLIGENCE&ccg=10Q"

                Demo clients (for local use only; POST them to %s/oauth2/token with grant_type=client_credentials):
                %s
                Get a token:  curl -s %s/oauth2/token -d grant_type=client_credentials -d client_id=%s -d client_secret=%s
                Press Ctrl-C to stop everything.
                """, (System.nanoTime() - started) / 1e9, gateway, gateway, gateway,
                stack.serviceUrl("practices"), stack.serviceUrl("contracts"), stack.serviceUrl("billing"), gateway,
                gateway, clients(), gateway, DemoClients.OPERATOR.clientId(), DemoClients.OPERATOR.secret());
        stopped.await();
    }
}
