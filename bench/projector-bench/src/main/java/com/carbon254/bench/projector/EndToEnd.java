package com.carbon254.bench.projector;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.carbon254.devstack.security.LocalToken;
import com.carbon254.devstack.security.LocalTokenIssuer;
import com.carbon254.devstack.Endpoints;

/**
 * Command accepted → visible via the query API, at a steady command rate: dataset-command and query-api run from
 * their built jars (the projector is already running). Every {@code sample}-th accepted command is followed by
 * {@code GET /datasets/{id}?minVersion=v} on the query API (which waits for the projector's announcement of the version,
 * with its own safety-net polling meanwhile), and the time from the
 * command's 201 to that 200 is its freshness.
 *
 * <p>After each measured window, the {@link RawCommands raw command path} runs at the same rate for as many commands:
 * the platform's CPU per command (every process but the harness) is compared with the raw path's.
 */
final class EndToEnd {

    record Result(int rate, int sent, int accepted, double acceptedPerSecond, int probed, double p50, double p99, double max,
            double commandP50, double commandP99, double commandCpuPer1000Ms, double postgresCpuPer1000Ms,
            double queryCpuPer1000Ms, java.util.Map<String, Duration> cpuByProcess, double seconds,
            RawCommands.Result raw) {

        /** CPU per accepted command of every process but the harness (the load generator and the probes), in ms. */
        double platformCpuPerCommandMs() {
            return cpuMs(cpuByProcess, Set.of(CpuLedger.HARNESS)) / Math.max(1, accepted);
        }

        /** CPU per command of the raw path (this JVM's clients, PostgreSQL, the broker, search, the registry), in ms. */
        double rawCpuPerCommandMs() {
            return cpuMs(raw.cpuByProcess(), Set.of()) / Math.max(1, raw.commands());
        }

        Result withRaw(RawCommands.Result measured) {
            return new Result(rate, sent, accepted, acceptedPerSecond, probed, p50, p99, max, commandP50, commandP99,
                    commandCpuPer1000Ms, postgresCpuPer1000Ms, queryCpuPer1000Ms, cpuByProcess, seconds, measured);
        }

        private static double cpuMs(java.util.Map<String, Duration> bill, Set<String> leftOut) {
            return bill.entrySet().stream().filter(spent -> !leftOut.contains(spent.getKey()))
                    .mapToLong(spent -> spent.getValue().toNanos()).sum() / 1e6;
        }
    }

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern VERSION = Pattern.compile("\"version\"\\s*:\\s*(\\d+)");

    private EndToEnd() {
    }

    /**
     * Warms up at {@code rate}, then measures one window of {@code seconds} at each of {@code measuredRates} in turn,
     * on the same service JVMs.
     */
    static List<Result> run(Endpoints e, Path commandJar, Path queryJar, Path home, int rate, int[] measuredRates,
            int seconds, int sample, int warmup, int maxInFlight)
            throws Exception {
        int commandPort = ProjectorBench.freePort();
        int queryPort = ProjectorBench.freePort();
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> commandLine = new ArrayList<>(List.of(java, "-Xmx512m", "-XX:+UseSerialGC"));
        commandLine.addAll(Measurements.flightRecording("dataset-command"));
        commandLine.addAll(List.of("-Dquarkus.http.port=" + commandPort, "-jar", commandJar.toString()));
        ProcessBuilder command = new ProcessBuilder(commandLine);
        String host = e.postgresJdbcUrl().replaceFirst("jdbc:postgresql://", "").split("/")[0];
        command.environment().put("POSTGRES_HOST", host.split(":")[0]);
        command.environment().put("POSTGRES_PORT", host.split(":")[1]);
        command.environment().put("POSTGRES_DB", e.postgresDatabase());
        command.environment().put("KAFKA_BOOTSTRAP_SERVERS", e.kafkaBootstrapServers());
        command.environment().put("REGISTRY_URL", e.registryUrl());
        // The command API requires a bearer token with datasets:write: a local key, whose public half it trusts.
        LocalTokenIssuer tokens = LocalTokenIssuer.inFolder(home.resolve("jwt"));
        command.environment().put("JWT_PUBLIC_KEY_LOCATION", tokens.publicKeyFile().toUri().toString());
        command.environment().put("JWT_ISSUER", tokens.issuer());
        String authorization = "Bearer " + tokens.issue("bench", LocalToken.DATASETS_WRITER.roles(), Duration.ofDays(1));
        command.redirectErrorStream(true).redirectOutput(home.resolve("dataset-command.log").toFile());
        List<String> queryLine = new ArrayList<>(List.of(java, "-Xmx384m", "-XX:+UseSerialGC"));
        queryLine.addAll(Measurements.flightRecording("query-api"));
        queryLine.addAll(List.of("-Dquarkus.http.port=" + queryPort,
                "-Dquarkus.datasource.reactive.url=" + e.postgresReactiveUrl(),
                "-Dquarkus.datasource.username=" + e.postgresUser(),
                "-Dquarkus.datasource.password=" + e.postgresPassword(),
                "-Dquarkus.elasticsearch.hosts=" + e.searchHostAndPort(),
                // The query API's own polling settings: a wait ends when the projector announces the version.
                "-Dcarbon254.query.min-version-timeout=30s",
                "-jar", queryJar.toString()));
        ProcessBuilder query = new ProcessBuilder(queryLine);
        // The query API trusts the same key (datasets:read; the token above holds it) and audits every call on Kafka.
        query.environment().put("JWT_PUBLIC_KEY_LOCATION", tokens.publicKeyFile().toUri().toString());
        query.environment().put("JWT_ISSUER", tokens.issuer());
        query.environment().put("KAFKA_BOOTSTRAP_SERVERS", e.kafkaBootstrapServers());
        query.environment().put("REGISTRY_URL", e.registryUrl());
        query.redirectErrorStream(true).redirectOutput(home.resolve("query-api.log").toFile());
        System.out.println("starting dataset-command and query-api ...");
        Process commandProcess = command.start();
        Process queryProcess = query.start();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        try {
            awaitReady(http, commandPort, "dataset-command");
            awaitReady(http, queryPort, "query-api");
            // After dataset-command's start: its tables are what the raw path's are copies of.
            return measure(e, http, authorization, commandPort, queryPort, rate, measuredRates, seconds, sample, warmup,
                    maxInFlight, commandProcess, queryProcess);
        } finally {
            commandProcess.destroy();
            queryProcess.destroy();
            commandProcess.waitFor(20, TimeUnit.SECONDS);
            queryProcess.waitFor(20, TimeUnit.SECONDS);
        }
    }

    /** Warms up, then measures each rate: the platform's window, then the raw command path's. */
    private static List<Result> measure(Endpoints e, HttpClient http, String authorization, int commandPort,
            int queryPort, int rate, int[] measuredRates, int seconds, int sample, int warmup, int maxInFlight,
            Process commandProcess, Process queryProcess) throws Exception {
        try (RawCommands raw = RawCommands.prepare(e)) {
            String run = Long.toString(System.currentTimeMillis(), 36);
            if (warmup > 0) {
                // The same load, not measured: the JIT compiles the services' hot paths before the measured window.
                System.out.printf("end-to-end warm-up: %d commands at %d/s ...%n", warmup, rate);
                long w0 = System.nanoTime();
                Phase w = phase(http, authorization, commandPort, queryPort, run + "w", warmup, rate, sample, maxInFlight);
                System.out.printf(Locale.ROOT, "warm-up: %d accepted in %.1f s; raw command path warm-up ...%n",
                        w.accepted.get(), (System.nanoTime() - w0) / 1e9);
                raw.run(run + "rw", rate, warmup);
            }
            List<Result> results = new ArrayList<>();
            for (int measuredRate : measuredRates) {
                Result platform = measure(http, authorization, commandPort, queryPort, run + "m" + measuredRate,
                        measuredRate, seconds, sample, maxInFlight, commandProcess, queryProcess);
                System.out.printf("raw command path: %d commands at %d/s ...%n", measuredRate * seconds, measuredRate);
                results.add(platform.withRaw(raw.run(run + "r" + measuredRate, measuredRate, measuredRate * seconds)));
            }
            return results;
        }
    }

    /**
     * Prints each window's figures and CPU bills, then the table of the platform's CPU per command against the raw
     * command path's at each rate.
     */
    static void print(List<Result> results, int seconds, int maxInFlight) {
        for (Result r : results) {
            System.out.printf(Locale.ROOT, "%nend-to-end at %d commands/s for %d s, at most %d in flight (POST /datasets "
                    + "accepted -> visible via query API GET ?minVersion): sent %d, accepted %d (%.0f/s achieved), probed "
                    + "%d: p50 %.1f ms, p99 %.1f ms, max %.1f ms; command latency p50 %.1f ms, p99 %.1f ms; "
                    + "dataset-command CPU %.0f ms, PostgreSQL CPU %.0f ms, query-api CPU %.0f ms per 1000 commands%n",
                    r.rate(), seconds, maxInFlight, r.sent(), r.accepted(), r.acceptedPerSecond(), r.probed(), r.p50(),
                    r.p99(), r.max(), r.commandP50(), r.commandP99(), r.commandCpuPer1000Ms(), r.postgresCpuPer1000Ms(),
                    r.queryCpuPer1000Ms());
            printBill("CPU during the end-to-end window (harness = load generator and probes, not the platform's)",
                    r.cpuByProcess(), r.accepted(), r.seconds());
            printBill(String.format(Locale.ROOT, "CPU during the raw command path at %d commands/s (harness = its plain"
                    + " clients)", r.rate()), r.raw().cpuByProcess(), r.raw().commands(), r.raw().seconds());
        }
        System.out.printf("%nCPU per command, platform (every process but the harness) against the raw command path "
                + "(goal: at most 3x)%n");
        System.out.printf("  %-10s %12s %22s %14s %16s%n", "commands/s", "accepted/s", "platform ms/command",
                "raw ms/command", "platform / raw");
        for (Result r : results) {
            System.out.printf(Locale.ROOT, "  %-10d %12.0f %22.2f %14.2f %15.1fx%n", r.rate(), r.acceptedPerSecond(),
                    r.platformCpuPerCommandMs(), r.rawCpuPerCommandMs(),
                    r.platformCpuPerCommandMs() / r.rawCpuPerCommandMs());
        }
    }

    /** A window's CPU bill by process: per 1000 commands, and as a share of all cores (100 % = every core busy). */
    private static void printBill(String title, java.util.Map<String, Duration> bill, int commands, double seconds) {
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.printf(Locale.ROOT, "%s, %.1f s, %d cores, by process:%n", title, seconds, cores);
        System.out.printf("  %-28s %20s %18s%n", "process", "ms per 1000 commands", "share of machine");
        long total = 0;
        for (java.util.Map.Entry<String, Duration> spent : bill.entrySet()) {
            long nanos = spent.getValue().toNanos();
            total += nanos;
            System.out.printf(Locale.ROOT, "  %-28s %20.0f %17.0f%%%n", spent.getKey(),
                    nanos / 1e6 * 1000 / Math.max(1, commands), 100.0 * nanos / 1e9 / (cores * seconds));
        }
        System.out.printf(Locale.ROOT, "  %-28s %20.0f %17.0f%%%n", "all", total / 1e6 * 1000 / Math.max(1, commands),
                100.0 * total / 1e9 / (cores * seconds));
    }

    /** One measured window at {@code rate} commands/s on running services. */
    private static Result measure(HttpClient http, String authorization, int commandPort, int queryPort, String run,
            int rate, int seconds, int sample, int maxInFlight, Process commandProcess, Process queryProcess)
            throws Exception {
        int total = rate * seconds;
        System.out.printf("end-to-end: %d commands at %d/s ...%n", total, rate);
        long cpu0 = Measurements.cpuNanos(commandProcess.toHandle());
        long pgCpu0 = Measurements.postgresCpuNanos();
        long queryCpu0 = Measurements.cpuNanos(queryProcess.toHandle());
        java.util.Map<String, Long> ledger0 = CpuLedger.snapshot();
        long m0 = System.nanoTime();
        Phase m = phase(http, authorization, commandPort, queryPort, run, total, rate, sample, maxInFlight);
        double commandCpu = (Measurements.cpuNanos(commandProcess.toHandle()) - cpu0) / 1e6;
        double pgCpu = (Measurements.postgresCpuNanos() - pgCpu0) / 1e6;
        double queryCpu = (Measurements.cpuNanos(queryProcess.toHandle()) - queryCpu0) / 1e6;
        java.util.Map<String, Duration> cpuByProcess = CpuLedger.between(ledger0, CpuLedger.snapshot());
        double window = (System.nanoTime() - m0) / 1e9;
        double elapsed = m.sendNanos / 1e9;
        System.out.println("command responses by status (-1 = no response): " + m.statuses);
        List<Double> f = new ArrayList<>(m.freshness);
        List<Double> c = new ArrayList<>(m.commandLatency);
        f.sort(Double::compare);
        c.sort(Double::compare);
        int accepted = m.accepted.get();
        return new Result(rate, total, accepted, accepted / elapsed, m.probed.get(), ProjectorBench.pct(f, 0.5),
                ProjectorBench.pct(f, 0.99), f.isEmpty() ? Double.NaN : f.get(f.size() - 1),
                ProjectorBench.pct(c, 0.5), ProjectorBench.pct(c, 0.99), commandCpu * 1000 / Math.max(1, accepted),
                pgCpu * 1000 / Math.max(1, accepted), queryCpu * 1000 / Math.max(1, accepted), cpuByProcess, window,
                null);
    }

    /** One run of commands (and probes of every {@code sample}-th), all completed when it returns. */
    private static final class Phase {
        final List<Double> freshness = Collections.synchronizedList(new ArrayList<>());
        final List<Double> commandLatency = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger accepted = new AtomicInteger();
        final AtomicInteger probed = new AtomicInteger();
        final java.util.Map<Integer, AtomicInteger> statuses = new java.util.concurrent.ConcurrentSkipListMap<>();
        long sendNanos;
    }

    private static Phase phase(HttpClient http, String authorization, int commandPort, int queryPort, String run,
            int total, int rate, int sample, int maxInFlight) throws Exception {
        Phase ph = new Phase();
        List<Double> freshness = ph.freshness;
        List<Double> commandLatency = ph.commandLatency;
        AtomicInteger accepted = ph.accepted;
        AtomicInteger probed = ph.probed;
        java.util.Map<Integer, AtomicInteger> statuses = ph.statuses;
        List<CompletableFuture<?>> pending = new ArrayList<>(total);
        // Bounded in-flight commands: an open loop with thousands of outstanding requests would measure the
        // client's connection storm, not the services. When the services are slower, the achieved rate drops.
        java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(maxInFlight);
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long due = start + (long) i * 1_000_000_000L / rate;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            String body = "{\"name\":\"bench.e2e-" + run + "-" + i + "\",\"owner\":\"team-bench\",\"format\":"
                    + "\"parquet\",\"location\":\"s3://lake/e2e/" + i + "\",\"tags\":[\"bench\"]}";
            boolean probe = i % sample == 0;
            inFlight.acquire();
            long sentAt = System.nanoTime();
            pending.add(http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + commandPort + "/datasets"))
                            .header("Content-Type", "application/json").header("Authorization", authorization)
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString())
                    .whenComplete((response, failure) -> {
                        inFlight.release();
                        statuses.computeIfAbsent(failure != null ? -1 : response.statusCode(), k -> new AtomicInteger())
                                .incrementAndGet();
                    })
                    .exceptionally(failure -> null)
                    .thenCompose(response -> {
                        long acceptedAt = System.nanoTime();
                        if (response == null || response.statusCode() != 201) {
                            return CompletableFuture.completedFuture(null);
                        }
                        accepted.incrementAndGet();
                        commandLatency.add((acceptedAt - sentAt) / 1e6);
                        if (!probe) {
                            return CompletableFuture.completedFuture(null);
                        }
                        Matcher id = ID.matcher(response.body());
                        Matcher version = VERSION.matcher(response.body());
                        if (!id.find() || !version.find()) {
                            return CompletableFuture.completedFuture(null);
                        }
                        return http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + queryPort
                                        + "/datasets/" + id.group(1) + "?minVersion=" + version.group(1)))
                                        .header("Authorization", authorization).build(),
                                HttpResponse.BodyHandlers.discarding()).thenAccept(visible -> {
                                    if (visible.statusCode() == 200) {
                                        probed.incrementAndGet();
                                        freshness.add((System.nanoTime() - acceptedAt) / 1e6);
                                    }
                                });
                    }));
        }
        ph.sendNanos = System.nanoTime() - start;
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
        return ph;
    }

    private static void awaitReady(HttpClient http, int port, String name) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(name + " did not become ready");
    }
}
