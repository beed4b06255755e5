package uk.csx.bench;

import org.HdrHistogram.Histogram;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small HTTP load generator. At a fixed rate, each request has an intended start time and its
 * latency is measured from that time, not from when it was sent, so a stall is counted for every
 * request it delayed (no coordinated omission).
 */
final class Load {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();

    private Load() {
    }

    record Result(long requests, long errors, Histogram latencyMicros, double seconds) {
        double perSecond() {
            return requests / seconds;
        }

        String percentile(double p) {
            return String.format("%.2f", latencyMicros.getValueAtPercentile(p) / 1000.0);
        }
    }

    static Result fixedRate(URI uri, int perSecond, int seconds) throws InterruptedException {
        return fixedRate(uri, null, perSecond, seconds);
    }

    /** As above, with a bearer token when given. */
    static Result fixedRate(URI uri, String token, int perSecond, int seconds) throws InterruptedException {
        Histogram histogram = new Histogram(TimeUnit.SECONDS.toMicros(30), 3);
        long total = (long) perSecond * seconds;
        AtomicLong next = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
        long interval = TimeUnit.SECONDS.toNanos(1) / perSecond;
        ExecutorService workers = Executors.newFixedThreadPool(64);
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        HttpRequest request = builder.build();
        for (int w = 0; w < 64; w++) {
            workers.submit(() -> {
                long i;
                while ((i = next.getAndIncrement()) < total) {
                    long intended = start + i * interval;
                    long wait = intended - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    sendAndRecord(request, intended, histogram, errors);
                }
                return null;
            });
        }
        workers.shutdown();
        workers.awaitTermination(seconds + 120L, TimeUnit.SECONDS);
        return new Result(total, errors.get(), histogram, (System.nanoTime() - start) / 1e9);
    }

    /** As many requests as the given number of clients can make, each waiting for its answer. */
    static Result maxThroughput(URI uri, int clients, int seconds) throws InterruptedException {
        Histogram histogram = new Histogram(TimeUnit.SECONDS.toMicros(30), 3);
        AtomicLong count = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        ExecutorService workers = Executors.newFixedThreadPool(clients);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build();
        long start = System.nanoTime();
        for (int w = 0; w < clients; w++) {
            workers.submit(() -> {
                while (System.nanoTime() < end) {
                    sendAndRecord(request, System.nanoTime(), histogram, errors);
                    count.incrementAndGet();
                }
                return null;
            });
        }
        workers.shutdown();
        workers.awaitTermination(seconds + 60L, TimeUnit.SECONDS);
        return new Result(count.get(), errors.get(), histogram, (System.nanoTime() - start) / 1e9);
    }

    /** Sends the request and records its latency from {@code fromNanos}; an error status or a failure counts as an error. */
    private static void sendAndRecord(HttpRequest request, long fromNanos, Histogram histogram, AtomicLong errors) {
        try {
            if (HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() >= 400) {
                errors.incrementAndGet();
            }
        } catch (Exception e) {
            errors.incrementAndGet();
        }
        long micros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - fromNanos);
        synchronized (histogram) {
            histogram.recordValue(Math.min(micros, histogram.getHighestTrackableValue()));
        }
    }
}
