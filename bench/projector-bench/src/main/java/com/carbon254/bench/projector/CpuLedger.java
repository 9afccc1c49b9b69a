package com.carbon254.bench.projector;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CPU time of every process of a run, by name: this harness, each service JVM (named by its jar's module folder),
 * each server of the embedded stack (named by its main class) and PostgreSQL (postmaster and backends). Two
 * snapshots give what a measured window cost each of them, so the whole machine's bill per command is visible,
 * not only the services'.
 */
final class CpuLedger {

    private static final Pattern SERVICE_JAR = Pattern.compile("services/([\\w-]+)/target/quarkus-app/quarkus-run\\.jar");
    /** The stack launches each server as {@code ... Supervised <parent pid> <main class> <args>}. */
    private static final Pattern SERVER_MAIN = Pattern.compile("\\.Supervised \\d+ (?:[\\w$]+\\.)*([\\w$]+)");

    /** This JVM (with what it runs: the load and probes, or the raw paths' clients). */
    static final String HARNESS = "harness";

    private CpuLedger() {
    }

    /** CPU nanoseconds so far of this process, its descendants and PostgreSQL's processes, by name. */
    static Map<String, Long> snapshot() {
        Map<String, Long> byName = new TreeMap<>();
        byName.merge(HARNESS, Measurements.cpuNanos(ProcessHandle.current()), Long::sum);
        // The postmaster may detach from its launcher: it is found by its data folder, with its backends.
        java.util.Set<Long> postgres = Measurements.postgresProcesses().map(ProcessHandle::pid)
                .collect(java.util.stream.Collectors.toSet());
        byName.merge("postgresql", Measurements.postgresCpuNanos(), Long::sum);
        ProcessHandle.current().descendants()
                .filter(p -> !postgres.contains(p.pid()))
                .forEach(p -> byName.merge(nameOf(commandLineOf(p)), Measurements.cpuNanos(p), Long::sum));
        return byName;
    }

    /** What each process spent between two snapshots (a process that is gone by the second one is left out). */
    static Map<String, Duration> between(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Duration> spent = new TreeMap<>();
        after.forEach((name, nanos) -> spent.put(name, Duration.ofNanos(nanos - before.getOrDefault(name, 0L))));
        spent.values().removeIf(d -> d.isNegative() || d.isZero());
        return spent;
    }

    /**
     * The process's command line. {@link ProcessHandle.Info#commandLine()} comes back empty for some long ones (the
     * broker's class path), so Linux's {@code /proc/<pid>/cmdline} is read first.
     */
    private static String commandLineOf(ProcessHandle process) {
        try {
            byte[] raw = java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/proc", Long.toString(process.pid()),
                    "cmdline"));
            return new String(raw, java.nio.charset.StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (java.io.IOException | RuntimeException notLinux) {
            return process.info().commandLine().orElse("");
        }
    }

    private static String nameOf(String commandLine) {
        Matcher service = SERVICE_JAR.matcher(commandLine);
        if (service.find()) {
            return service.group(1);
        }
        Matcher main = SERVER_MAIN.matcher(commandLine);
        return main.find() ? main.group(1) : "other";
    }
}
