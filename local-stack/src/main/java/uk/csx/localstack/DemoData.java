package uk.csx.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Loads the demo data through the gateway, as a user would. Safe to run on every start: what
 * exists already (409) is left as it is.
 */
final class DemoData {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final URI gateway;

    DemoData(URI gateway) {
        this.gateway = gateway;
    }

    void load() {
        post("/api/ccgs", "{\"code\":\"10Q\",\"name\":\"NHS Oxfordshire CCG\",\"kind\":\"CCG\",\"openDate\":\"2013-04-01\"}");
        post("/api/ccgs", "{\"code\":\"06F\",\"name\":\"NHS Bedfordshire CCG\",\"kind\":\"CCG\",\"openDate\":\"2013-04-01\"}");
    }

    private void post(String path, String json) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(gateway.resolve(path))
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300 && response.statusCode() != 409) {
                throw new StackProblem("demo data: POST " + path + " answered " + response.statusCode() + ": " + response.body());
            }
        } catch (IOException e) {
            throw new StackProblem("demo data: POST " + path + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackProblem("interrupted while loading demo data");
        }
    }
}
