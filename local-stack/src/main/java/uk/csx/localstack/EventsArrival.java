package uk.csx.localstack;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Waits until the demo data has reached every service that uses it: practices-service has
 * published its outbox, and contracts- and billing-service have applied every practices event
 * (read from each service's health data, as an operator would). Until then a population is still
 * being summed, so a comparison or an invoice run would see a part of it.
 */
final class EventsArrival {
    static final String TOPIC = "practices.events.v1";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final LocalStack stack;
    private final PrintStream out;

    EventsArrival(LocalStack stack, PrintStream out) {
        this.stack = stack;
        this.out = out;
    }

    /** One consumer's progress on the practices topic. */
    record Progress(long applied, long end) {
        boolean caughtUp() {
            return applied >= end;
        }
    }

    void await(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long lastPrint = 0;
        while (true) {
            long pending = number(health("practices"), "outbox.pending");
            Progress contracts = progress("contracts");
            Progress billing = progress("billing");
            if (pending == 0 && contracts.caughtUp() && billing.caughtUp()) {
                out.printf("  practice events applied: contracts %,d / %,d, billing %,d / %,d%n",
                        contracts.applied(), contracts.end(), billing.applied(), billing.end());
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new StackProblem("the services did not apply the demo data's practice events in " + timeout.toSeconds()
                        + " s (contracts " + contracts.applied() + " / " + contracts.end() + ", billing " + billing.applied() + " / "
                        + billing.end() + ", " + pending + " to publish); see the logs");
            }
            if (System.nanoTime() - lastPrint > Duration.ofSeconds(2).toNanos()) {
                lastPrint = System.nanoTime();
                out.printf("  applying practice events: contracts %,d / %,d, billing %,d / %,d%s%n", contracts.applied(), contracts.end(),
                        billing.applied(), billing.end(), pending > 0 ? String.format(" (%,d still to publish)", pending) : "");
            }
            sleep();
        }
    }

    private Progress progress(String service) {
        String health = health(service);
        return new Progress(number(health, TOPIC + ".applied"), number(health, TOPIC + ".end"));
    }

    /** A figure of the health data; -1 while it is not known yet (the consumer has not joined, say). */
    static long number(String health, String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*(\\d+)").matcher(health);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private String health(String service) {
        URI uri = stack.serviceUrl(service).resolve("/q/health/ready");
        try {
            return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackProblem("interrupted while waiting for the practice events");
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackProblem("interrupted while waiting for the practice events");
        }
    }
}
