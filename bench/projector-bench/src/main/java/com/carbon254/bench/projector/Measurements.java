package com.carbon254.bench.projector;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * What the benchmark reads off the machine and the projector: CPU time of processes (the PostgreSQL server's
 * included), the load average, the projector's own batch metrics, and the services' flight recordings.
 */
final class Measurements {

    /** The data folder of the stack's PostgreSQL, by which its postmaster is found (set once the stack is up). */
    static String postgresData;

    /** Where each service JVM writes its flight recording, if asked for ({@code jfr=<folder>}). */
    static Path jfrDir;

    private Measurements() {
    }

    /** JVM options for a service's flight recording, if asked for ({@code jfr=<folder>}). */
    static List<String> flightRecording(String service) {
        if (jfrDir == null) {
            return List.of();
        }
        return List.of("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename="
                + jfrDir.resolve(service + ".jfr"));
    }

    /** CPU time (user + system) a process used so far. */
    static long cpuNanos(ProcessHandle process) {
        return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    /**
     * CPU time of the stack's PostgreSQL server so far: its postmaster (found by its data folder; it detaches from
     * the launcher) and the live processes under it (backends, writers). A backend that exited takes its CPU time
     * with it, so measure over windows in which the pools keep their connections.
     */
    static long postgresCpuNanos() {
        return postgresProcesses().mapToLong(Measurements::cpuNanos).sum();
    }

    /** The stack's PostgreSQL postmaster and the processes under it (none before the stack is up). */
    static java.util.stream.Stream<ProcessHandle> postgresProcesses() {
        if (postgresData == null) {
            return java.util.stream.Stream.empty();
        }
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains("-D " + postgresData)).orElse(false))
                .flatMap(p -> java.util.stream.Stream.concat(java.util.stream.Stream.of(p), p.children()));
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    /** The projector's metrics text (empty if unavailable). */
    static String batchMetrics() {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + ProjectorBench.PROJECTOR_PORT + "/q/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            return "";
        }
    }

    /** Mean batch size and mean batch transaction time since {@code before}, from the projector's own metrics. */
    static String batchStats(String before) {
        try {
            String metrics = batchMetrics();
            double sizeSum = metric(metrics, "carbon254_projection_batch_size_sum") - metric0(before, "carbon254_projection_batch_size_sum");
            double count = metric(metrics, "carbon254_projection_batch_size_count") - metric0(before, "carbon254_projection_batch_size_count");
            double seconds = metric(metrics, "carbon254_projection_batch_duration_seconds_sum")
                    - metric0(before, "carbon254_projection_batch_duration_seconds_sum");
            return String.format(Locale.ROOT, "%.0f batches, mean %.0f records, mean transaction %.1f ms",
                    count, sizeSum / count, seconds * 1000 / count);
        } catch (Exception e) {
            return "batch metrics unavailable: " + e;
        }
    }

    private static double metric0(String text, String name) {
        double v = metric(text, name);
        return Double.isNaN(v) ? 0 : v;
    }

    private static double metric(String text, String name) {
        var m = java.util.regex.Pattern.compile("(?m)^" + name + "\\{[^}]*\\} ([0-9.eE+-]+)").matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }
}
