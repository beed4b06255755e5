package uk.csx.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * Loads the demo data through the gateway, as a user would. Safe to run on every start: what
 * exists already (409) is left as it is.
 */
final class DemoData {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final String JSON = "application/json";
    private static final String CSV = "text/csv; charset=UTF-8";
    private final URI gateway;
    private String token;

    DemoData(URI gateway) {
        this.gateway = gateway;
    }

    /** The two demo CCGs, then the real NHS files (GP practices, weighted populations, January 2021 list sizes). */
    void load(Path odsDir) {
        token = token(DemoClients.OPERATOR);
        for (DemoClients.Client client : DemoClients.REGISTERED) {
            post("/oauth2/clients", "{\"clientId\":\"" + client.clientId() + "\",\"role\":\"" + client.role() + "\",\"org\":\""
                    + client.org() + "\",\"secret\":\"" + client.secret() + "\"}", JSON);
        }
        post("/api/ccgs", "{\"code\":\"10Q\",\"name\":\"NHS Oxfordshire CCG\",\"kind\":\"CCG\",\"openDate\":\"2013-04-01\"}", JSON);
        post("/api/ccgs", "{\"code\":\"06F\",\"name\":\"NHS Bedfordshire CCG\",\"kind\":\"CCG\",\"openDate\":\"2013-04-01\"}", JSON);
        if (!Files.isDirectory(odsDir)) {
            throw new StackProblem("no NHS reference data at " + odsDir + " (it is part of the repository: is the clone complete?)");
        }
        // imports of unchanged files change nothing, so this is safe on every start
        post("/api/ods-imports?confirm=true", read(odsDir.resolve("epraccur.csv")), CSV);
        post("/api/ods-imports/weighted-populations?confirm=true", read(odsDir.resolve("aif-weighted-populations-2022-23.csv")), CSV);
        post("/api/list-sizes/imports?confirm=true", read(odsDir.resolve("gp-reg-pat-prac-all-2021-01.csv")), CSV);
        suppliers(odsDir.resolve("csus.csv"));
        // two CSUs publish business-intelligence prices, so that a comparison has something to compare
        token = token(DemoClients.CSU_SOUTH_CENTRAL_WEST);
        offer("0DF", "BUSINESS_INTELLIGENCE", "PER_CAPITA", "0.9500");
        offer("0DF", "PROCUREMENT", "DAY_RATE", "650.0000");
        token = token(DemoClients.CSU_ARDEN);
        offer("0DE", "BUSINESS_INTELLIGENCE", "PER_CAPITA", "0.9900");
        offer("0DE", "CONTRACT_MANAGEMENT", "FIXED_ANNUAL", "60000.00");
    }

    /** Publishes the offer from today, unless the supplier already has one for the line (a restart keeps the first). */
    private void offer(String supplier, String line, String basis, String price) {
        String current = get("/api/offers?supplier=" + supplier + "&serviceLine=" + line);
        if (current.contains("\"serviceLineCode\":\"" + line + "\"")) {
            return;
        }
        post("/api/offers", "{\"supplierCode\":\"" + supplier + "\",\"serviceLineCode\":\"" + line + "\",\"basis\":\"" + basis
                + "\",\"unitPrice\":\"" + price + "\",\"vatRate\":\"20\",\"validFrom\":\"" + java.time.LocalDate.now()
                + "\",\"description\":\"" + line + " from " + supplier + " (demo)\"}", JSON);
    }

    private String get(String path) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(gateway.resolve(path)).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new StackProblem("demo data: GET " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new StackProblem("demo data: GET " + path + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackProblem("interrupted while loading demo data");
        }
    }

    /** The CSUs of csus.csv (code, name, town, postcode) as suppliers. */
    private void suppliers(Path csus) {
        List<String> lines = read(csus).lines().skip(1).filter(l -> !l.isBlank()).toList();
        for (String line : lines) {
            // fields: code,name,town,postcode; a name may be quoted because it holds commas
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("^([^,]+),(\"[^\"]*\"|[^,]*),([^,]*),(.*)$").matcher(line.trim());
            if (!m.matches()) {
                continue;
            }
            String name = m.group(2).replace("\"", "");
            String kind = name.contains("Commissioning Support Unit") ? "CSU" : "PRIVATE";
            post("/api/suppliers", "{\"code\":\"" + m.group(1) + "\",\"name\":\"" + name + "\",\"kind\":\"" + kind + "\",\"town\":\""
                    + m.group(3) + "\",\"postcode\":\"" + m.group(4) + "\"}", JSON);
        }
    }

    /** A token for a demo client, from the gateway's client-credentials endpoint. */
    String token(DemoClients.Client client) {
        try {
            String form = "grant_type=client_credentials&client_id=" + client.clientId() + "&client_secret=" + client.secret();
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(gateway.resolve("/oauth2/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded").timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"").matcher(response.body());
            if (response.statusCode() != 200 || !m.find()) {
                throw new StackProblem("demo data: no token for " + client.clientId() + ": " + response.statusCode() + " " + response.body());
            }
            return m.group(1);
        } catch (IOException e) {
            throw new StackProblem("demo data: token request failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackProblem("interrupted while getting a token");
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new StackProblem("demo data: cannot read " + file + ": " + e.getMessage());
        }
    }

    private void post(String path, String body, String contentType) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(gateway.resolve(path))
                    .header("Content-Type", contentType).header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 202) {
                awaitJob(response.headers().firstValue("Location").orElseThrow());
                return;
            }
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

    /** Imports run as jobs: wait for each, so that the next one sees its result. */
    private void awaitJob(String location) throws IOException, InterruptedException {
        HttpRequest get = HttpRequest.newBuilder(gateway.resolve(location)).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(10)).build();
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            String body = http.send(get, HttpResponse.BodyHandlers.ofString()).body();
            if (body.contains("\"status\":\"COMPLETED\"")) {
                return;
            }
            if (body.contains("\"status\":\"FAILED\"")) {
                throw new StackProblem("demo data: import " + location + " failed: " + body);
            }
            Thread.sleep(300);
        }
        throw new StackProblem("demo data: import " + location + " did not finish in 3 minutes");
    }
}
