package uk.csx.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * CPU seconds each process of the machine used between two snapshots, grouped by what the
 * process is (a service by its folder, PostgreSQL, Kafka, the load generator): the profile of a
 * phase that says which process the time went to before a code-level profiler is pointed at it.
 */
final class CpuTime {
    private static final double TICKS_PER_SECOND = 100; // USER_HZ on Linux
    private final Map<Long, Long> ticksByPid = new TreeMap<>();
    private final Map<Long, String> nameByPid = new TreeMap<>();

    private CpuTime() {
    }

    static CpuTime snapshot() {
        CpuTime snapshot = new CpuTime();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            procs.filter(p -> p.getFileName().toString().matches("[0-9]+")).forEach(snapshot::read);
        } catch (IOException e) {
            // no /proc: an empty snapshot, the report then says nothing
        }
        return snapshot;
    }

    private void read(Path proc) {
        try {
            String stat = Files.readString(proc.resolve("stat"));
            // the fields after the command name, which is in parentheses and may contain spaces
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long pid = Long.parseLong(proc.getFileName().toString());
            ticksByPid.put(pid, Long.parseLong(f[11]) + Long.parseLong(f[12])); // utime + stime
            nameByPid.put(pid, nameOf(pid, Files.readString(proc.resolve("cmdline")).replace('\0', ' ')));
        } catch (IOException | RuntimeException e) {
            // the process ended while being read
        }
    }

    private static String nameOf(long pid, String commandLine) {
        if (pid == ProcessHandle.current().pid()) {
            return "load generator";
        }
        for (String service : new String[]{"practices-service", "contracts-service", "billing-service", "gateway"}) {
            if (commandLine.contains("/" + service + "/target/quarkus-app/")) {
                return service;
            }
        }
        if (commandLine.contains("postgres")) {
            return "PostgreSQL";
        }
        if (commandLine.contains("kafka")) {
            return "Kafka";
        }
        return "other";
    }

    /** CPU seconds per kind of process since {@code before}, largest first, as "name 1.2 s, …". */
    String since(CpuTime before) {
        Map<String, Double> seconds = new TreeMap<>();
        ticksByPid.forEach((pid, ticks) -> {
            long earlier = nameByPid.get(pid).equals(before.nameByPid.get(pid)) ? before.ticksByPid.getOrDefault(pid, 0L) : 0L;
            seconds.merge(nameByPid.get(pid), (ticks - earlier) / TICKS_PER_SECOND, Double::sum);
        });
        return seconds.entrySet().stream().filter(e -> e.getValue() >= 0.05)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .map(e -> String.format("%s %.1f s", e.getKey(), e.getValue()))
                .reduce((a, b) -> a + ", " + b).orElse("not available");
    }
}
