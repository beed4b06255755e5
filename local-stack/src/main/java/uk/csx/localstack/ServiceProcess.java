package uk.csx.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One Quarkus application of the project run as its own process, logging to a file. */
final class ServiceProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final String name;
    private final int port;
    private final Path jar;
    private final Path logFile;
    private final Map<String, String> environment;
    private Process process;

    ServiceProcess(String name, int port, Path jar, Path logFile, Map<String, String> environment) {
        this.name = name;
        this.port = port;
        this.jar = jar;
        this.logFile = logFile;
        this.environment = environment;
    }

    String name() {
        return name;
    }

    int port() {
        return port;
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    long pid() {
        return process.pid();
    }

    ServiceProcess start() {
        if (!Files.isRegularFile(jar)) {
            throw new StackProblem(name + " is not built (" + jar + " is missing): run ./mvnw -DskipTests install");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms64m", "-Xmx384m", "-XX:+UseSerialGC"));
        if (!name.startsWith("gateway")) {
            // the services start faster with the quick compiler only; the gateway, on the path of every call, gets the optimising one too
            command.add("-XX:TieredStopAtLevel=1");
        }
        Path classDataArchive = jar.resolveSibling("app-cds.jsa");
        if (Files.isRegularFile(classDataArchive)) {
            // the classes loaded at start, read from an archive the build made (AppCDS) instead of from the jars;
            // the archive names the jars relative to the application's folder, so the process runs there
            command.add("-XX:SharedArchiveFile=" + classDataArchive);
        }
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(jar.getParent().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().putAll(environment);
        builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
        // loopback only, like PostgreSQL and Kafka: a demo stack with demo secrets is not for the network
        builder.environment().put("QUARKUS_HTTP_HOST", "127.0.0.1");
        try {
            Files.createDirectories(logFile.getParent());
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Waits until {@code /q/health/ready} answers 200; fails early if the process exits. */
    void awaitReady(Duration timeout) {
        awaitReady(url(), timeout, name, () -> {
            if (!process.isAlive()) {
                throw new StackProblem(name + " exited with code " + process.exitValue() + "; see " + logFile);
            }
        });
    }

    /** Waits until the application at {@code url} answers ready; {@code alive} throws when waiting is pointless. */
    static void awaitReady(URI url, Duration timeout, String name, Runnable alive) {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest ready = HttpRequest.newBuilder(url.resolve("/q/health/ready")).timeout(Duration.ofSeconds(3)).build();
        while (true) {
            alive.run();
            try {
                if (HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StackProblem("interrupted while waiting for " + name);
            }
            if (System.nanoTime() > deadline) {
                throw new StackProblem(name + " is not ready after " + timeout.toSeconds() + " s");
            }
            sleep(250);
        }
    }

    /** Asks the service to stop (SIGTERM: Quarkus shuts down cleanly), then insists. */
    @Override
    public void close() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** SIGKILL, for fault tests: no shutdown hooks, no clean close. */
    void kill() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
