package uk.csx.acceptance;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Lints the OpenAPI documents the gateway serves with Spectral and its OWASP API Security ruleset
 * (lint/.spectral.yaml says why any rule is changed): the build fails on any error-level finding.
 */
class ApiDocumentsLintIT {
    private static final Path PROJECT = Stack.get().settings().projectDir();
    private static final Path LINT = PROJECT.resolve("lint");

    @Test
    void everyServedDocumentPassesTheOwaspRuleset() throws Exception {
        Path documents = Files.createDirectories(PROJECT.resolve("acceptance-tests/target/openapi"));
        List<String> command = new ArrayList<>(List.of(LINT.resolve("node_modules/.bin/spectral").toString(), "lint",
                "--ruleset", LINT.resolve(".spectral.yaml").toString(), "--fail-severity", "error", "--format", "stylish"));
        for (String service : List.of("practices", "contracts", "billing")) {
            command.add(save(documents, service, "/openapi/" + service));
        }
        command.add(save(documents, "gateway", "/q/openapi?format=json"));

        installSpectral();
        Result lint = run(command, LINT);

        assertEquals(0, lint.exitCode(), "Spectral found errors in the API documents:\n" + lint.output());
    }

    private static String save(Path folder, String name, String path) throws IOException {
        String json = given().baseUri(Stack.gateway()).accept("application/json").get(path)
                .then().statusCode(200).extract().asString();
        Path file = folder.resolve(name + ".json");
        Files.writeString(file, json);
        return file.toString();
    }

    /** npm ci from the committed lock file, once per clone (node and npm come with the machine). */
    private static void installSpectral() throws Exception {
        if (!Files.exists(LINT.resolve("node_modules/.bin/spectral"))) {
            Result install = run(List.of("npm", "ci", "--no-audit", "--no-fund"), LINT);
            assertEquals(0, install.exitCode(), "npm ci in lint/ failed:\n" + install.output());
        }
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(List<String> command, Path directory) throws Exception {
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
