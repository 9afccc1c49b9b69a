package com.carbon254.bench.projector;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import com.carbon254.devstack.Component;
import com.carbon254.devstack.EmbeddedStack;
import com.carbon254.devstack.Endpoints;
import com.carbon254.devstack.StackOptions;
import com.carbon254.events.catalog.EventType;
import com.carbon254.events.runtime.serde.CatalogAvroSerializer;

/**
 * Projection benchmark, everything in one run on the embedded stack:
 * <ol>
 * <li>publishes N lifecycle events (D datasets × V versions) to {@code data-events};</li>
 * <li>raw paths over the same data: a plain KafkaConsumer (with the polyglot deserializer), batched JDBC writes of the
 *     same rows (history insert + current-state upsert, 500 per transaction) into scratch tables, and raw
 *     {@code _bulk} of the same documents (500 per request, external versions) into a scratch index;</li>
 * <li>the projector (its built {@code quarkus-run.jar}, as a separate JVM) projecting the N events into PostgreSQL
 *     and search, measured from its stored positions;</li>
 * <li>freshness: events published at a steady rate, each one's broker acknowledgement compared with the time it
 *     was written to the read model ({@code dataset_event.projected_at});</li>
 * <li>end to end ({@link EndToEnd}): commands through dataset-command, visible through the query API, at each rate,
 *     each window followed by the {@link RawCommands raw command path} at the same rate, and the platform's CPU per
 *     command against the raw path's.</li>
 * </ol>
 * Arguments ({@code key=value}): datasets (5000), versions (4), rate (1000/s), seconds (15), root (repository root),
 * jfr (a folder: each service JVM records a flight recording there, {@code <service>.jfr}, written when it stops),
 * e2e-rates (the end-to-end phase's measured rates, e.g. {@code 100,200,300}: one window each after one warm-up at
 * {@code rate}; default: {@code rate}).
 *
 * <p>Besides the rates, it reports the CPU time the service process (and the PostgreSQL server, all its processes)
 * spent per 1000 events: a figure far less sensitive to the load of a shared machine than events/s. For each
 * end-to-end window it prints the CPU bill of every process on the machine (harness, services, stack servers).
 */
public final class ProjectorBench {

    static final String TOPIC = "data-events";
    static final int PROJECTOR_PORT = freePort();

    private ProjectorBench() {
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new HashMap<>();
        for (String arg : argv) {
            String[] kv = arg.split("=", 2);
            args.put(kv[0], kv.length > 1 ? kv[1] : "");
        }
        int datasets = Integer.parseInt(args.getOrDefault("datasets", "5000"));
        int versions = Integer.parseInt(args.getOrDefault("versions", "4"));
        int rate = Integer.parseInt(args.getOrDefault("rate", "1000"));
        int seconds = Integer.parseInt(args.getOrDefault("seconds", "15"));
        // Warm-up before every measured phase, so that the figures are steady state rather than JIT compilation:
        // by default as many events (commands) as the measured phase has.
        int warmupEvents = Integer.parseInt(args.getOrDefault("warmup", Integer.toString(datasets * versions)));
        int warmupCommands = Integer.parseInt(args.getOrDefault("warmup", Integer.toString(rate * seconds)));
        int warmupDatasets = (warmupEvents + versions - 1) / versions;
        Path root = args.containsKey("root") ? Path.of(args.get("root")).toAbsolutePath().normalize() : repositoryRoot();
        Path projectorJar = root.resolve("services/projector/target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(projectorJar)) {
            throw new IllegalStateException("no " + projectorJar + ": build the services first: ./mvnw -q -pl "
                    + "bench/projector-bench -am package -DskipTests (or pass root=<repository root>)");
        }
        if (args.containsKey("jfr")) {
            Measurements.jfrDir = Path.of(args.get("jfr")).toAbsolutePath();
            Files.createDirectories(Measurements.jfrDir);
        }
        Path home = Files.createTempDirectory("projector-bench-");
        Measurements.postgresData = home.resolve("data/postgres").toString();
        System.out.println("load average at start: " + Measurements.loadAverage());
        List<String[]> table = new ArrayList<>();
        System.out.println("starting the embedded stack ...");
        try (EmbeddedStack stack = EmbeddedStack.start(StackOptions.forTests(home, EnumSet.allOf(Component.class)))) {
            Endpoints e = stack.endpoints();
            List<SpecificRecord> warmupData = BenchEvents.generate("w", warmupDatasets, versions);
            int w = warmupData.size();
            List<SpecificRecord> events = BenchEvents.generate("b", datasets, versions);
            int n = events.size();
            String header = String.format(Locale.ROOT, "N = %,d events (%,d datasets x %d versions), warm-up %,d events "
                    + "before each measured throughput phase and %,d commands before the end-to-end phase; load average "
                    + "at start %s", n, datasets, versions, w, warmupCommands, Measurements.loadAverage());
            System.out.println(header);

            // The projector: a separate JVM from its built jar, on a fresh read model. The warm-up events and then the
            // N events are all on the topic before it starts: it projects the warm-up events first and is measured
            // from its first batch past them to the end, with nothing else publishing meanwhile.
            List<SpecificRecord> all = new ArrayList<>(warmupData);
            all.addAll(events);
            long t0 = System.nanoTime();
            publish(e, all);
            table.add(row("publish (KafkaProducer, Avro via registry)", w + n, System.nanoTime() - t0));
            System.out.println("published " + w + " warm-up and " + n + " measured events; projecting ...");
            Process projector = startProjector(e, projectorJar, home.resolve("projector.log"));
            try {
                String batchesBefore = "";
                if (w > 0) {
                    awaitProjected(e, 0, w, Duration.ofMinutes(10), projector);
                    batchesBefore = Measurements.batchMetrics();
                }
                long[] window = awaitProjected(e, w, w + n, Duration.ofMinutes(10), projector);
                if (window[0] < n / 2) {
                    System.out.println("WARNING: the projector's measured window holds only " + window[0] + " of the "
                            + n + " events (it was seen past the warm-up late): use more datasets= for a usable figure");
                }
                table.add(row("projector: Kafka -> PostgreSQL (+ search after commit)", window[0], window[1]));
                long searchNanos = awaitIndexed(e, warmupDatasets + datasets, Duration.ofMinutes(5), window[2]);
                table.add(row("  ... search index caught up (docs)", datasets, searchNanos));
                String batches = Measurements.batchStats(batchesBefore);
                String projectorCpu = String.format(Locale.ROOT, "projector CPU %.0f ms and PostgreSQL CPU %.0f ms per 1000 "
                        + "events (projection window)", window[3] / 1e6 * 1000 / window[0], window[4] / 1e6 * 1000 / window[0]);
                System.out.println("projected (" + batches + "; " + projectorCpu + "); raw paths ...");

                // Raw paths, each warmed up on the warm-up events (same code, same shapes) and then measured on the
                // N events. The consumer reads the whole topic (warm-up events and the N) in both passes.
                if (w > 0) {
                    RawPaths.rawConsume(e, w + n);
                }
                t0 = System.nanoTime();
                int read = RawPaths.rawConsume(e, w + n);
                table.add(1, row("raw KafkaConsumer + polyglot deserializer", read, System.nanoTime() - t0));

                if (w > 0) {
                    RawPaths.rawJdbc(e, warmupData);
                }
                t0 = System.nanoTime();
                long rawJdbcPgCpu = RawPaths.rawJdbc(e, events);
                table.add(row("raw JDBC batches (history insert + state upsert)", n, System.nanoTime() - t0));

                if (w > 0) {
                    RawPaths.rawBulk(e, warmupData);
                }
                t0 = System.nanoTime();
                RawPaths.rawBulk(e, events);
                table.add(row("raw _bulk (same docs, external versions)", n, System.nanoTime() - t0));

                double[] freshness = freshness(e, rate, seconds);
                System.out.println();
                System.out.println(header);
                printTable(table);
                System.out.println("projector batches during the throughput run: " + batches);
                System.out.println(projectorCpu);
                System.out.printf(Locale.ROOT, "raw JDBC: PostgreSQL CPU %.0f ms per 1000 events%n",
                        rawJdbcPgCpu / 1e6 * 1000 / n);
                System.out.printf(Locale.ROOT, "%nfreshness at %d events/s for %d s (publish ack -> row in read_model): "
                        + "p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d events)%n", rate, seconds, freshness[0], freshness[1],
                        freshness[2], (long) freshness[3]);
                Path commandJar = root.resolve("services/dataset-command/target/quarkus-app/quarkus-run.jar");
                Path queryJar = root.resolve("services/query-api/target/quarkus-app/quarkus-run.jar");
                if (Files.exists(commandJar) && Files.exists(queryJar) && !args.containsKey("no-e2e")) {
                    int[] e2eRates = java.util.Arrays.stream(args.getOrDefault("e2e-rates", Integer.toString(rate))
                            .split(",")).mapToInt(Integer::parseInt).toArray();
                    int inflight = Integer.parseInt(args.getOrDefault("inflight", "64"));
                    EndToEnd.print(EndToEnd.run(e, commandJar, queryJar, home, rate, e2eRates, seconds,
                            Integer.parseInt(args.getOrDefault("sample", "10")), warmupCommands, inflight), seconds, inflight);
                } else {
                    System.out.println("command accepted -> visible via query API: not measured (build "
                            + "services/dataset-command and services/query-api first).");
                }
                System.out.println("load average at end: " + Measurements.loadAverage());
            } finally {
                projector.destroy();
                projector.waitFor(20, TimeUnit.SECONDS);
            }
        } finally {
            deleteQuietly(home.toFile());
        }
    }

    /**
     * The repository root: the first folder holding {@code services/projector}, going up from the working directory,
     * then from this jar ({@code bench/projector-bench/target/projector-bench.jar}).
     */
    static Path repositoryRoot() throws Exception {
        List<Path> starts = new ArrayList<>();
        starts.add(Path.of(System.getProperty("user.dir")).toAbsolutePath());
        var code = ProjectorBench.class.getProtectionDomain().getCodeSource();
        if (code != null) {
            starts.add(Path.of(code.getLocation().toURI()).toAbsolutePath());
        }
        for (Path start : starts) {
            for (Path p = start; p != null; p = p.getParent()) {
                if (Files.isDirectory(p.resolve("services/projector")) && Files.isDirectory(p.resolve("bench/projector-bench"))) {
                    return p;
                }
            }
        }
        throw new IllegalStateException("cannot find the repository root from " + starts + ": pass root=<folder>");
    }

    // ---- data -----------------------------------------------------------------------------------------------

    // ---- clients ----------------------------------------------------------------------------------------------

    static KafkaProducer<String, SpecificRecord> producer(Endpoints e) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, e.kafkaBootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, CatalogAvroSerializer.class.getName());
        props.put("apicurio.registry.url", e.registryUrl());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 65536);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return new KafkaProducer<>(props);
    }

    static void publish(Endpoints e, List<SpecificRecord> events) {
        try (KafkaProducer<String, SpecificRecord> producer = producer(e)) {
            for (SpecificRecord event : events) {
                EventType type = EventType.of(event);
                producer.send(new ProducerRecord<>(TOPIC, type.keyOf(event), event));
            }
            producer.flush();
        }
    }

    static Process startProjector(Endpoints e, Path jar, Path log) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx512m", "-XX:+UseSerialGC"));
        cmd.addAll(Measurements.flightRecording("projector"));
        cmd.addAll(List.of("-Dquarkus.http.port=" + PROJECTOR_PORT,
                "-Dkafka.bootstrap.servers=" + e.kafkaBootstrapServers(),
                "-Dcarbon254.registry.url=" + e.registryUrl(),
                "-Dmp.messaging.connector.smallrye-kafka.apicurio.registry.url=" + e.registryUrl(),
                "-Dquarkus.datasource.reactive.url=" + e.postgresReactiveUrl(),
                "-Dquarkus.datasource.jdbc.url=" + e.postgresJdbcUrl(),
                "-Dquarkus.datasource.username=" + e.postgresUser(),
                "-Dquarkus.datasource.password=" + e.postgresPassword(),
                "-Dquarkus.elasticsearch.hosts=" + e.searchHostAndPort(),
                "-jar", jar.toString()));
        System.out.println("starting the projector (log: " + log + ") ...");
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /**
     * Waits until the stored positions account for n records, measuring from the first batch observed committed
     * beyond {@code base} (the warm-up events); returns {records measured, nanos, end time, projector
     * CPU nanos, PostgreSQL CPU nanos} (CPU over the same window).
     */
    static long[] awaitProjected(Endpoints e, long base, long n, Duration timeout, Process projector) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long firstAt = 0;
        long firstCount = 0;
        long firstCpu = 0;
        long firstPgCpu = 0;
        try (Connection c = jdbc(e)) {
            while (System.nanoTime() < deadline) {
                long done = 0;
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                        "SELECT coalesce(sum(next_offset), 0) FROM read_model.projection_position WHERE projection = 'datasets'")) {
                    rs.next();
                    done = rs.getLong(1);
                } catch (java.sql.SQLException notYet) {
                    // schema not migrated yet
                }
                long now = System.nanoTime();
                if (done > base && firstAt == 0) {
                    // Measure from the first committed batch observed (after the warm-up's last one): JVM start,
                    // connection set-up and the warm-up are not in the window.
                    firstAt = now;
                    firstCount = done;
                    firstCpu = Measurements.cpuNanos(projector.toHandle());
                    firstPgCpu = Measurements.postgresCpuNanos();
                }
                if (done >= n) {
                    return new long[] { n - firstCount, now - firstAt, now, Measurements.cpuNanos(projector.toHandle()) - firstCpu,
                            Measurements.postgresCpuNanos() - firstPgCpu };
                }
                Thread.sleep(20);
            }
        }
        throw new IllegalStateException("the projector did not project " + n + " events in " + timeout);
    }

    static long awaitIndexed(Endpoints e, long docs, Duration timeout, long since) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpClient http = HttpClient.newHttpClient();
        while (System.nanoTime() < deadline) {
            http.send(HttpRequest.newBuilder(URI.create(e.searchUrl() + "/datasets/_refresh"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            String body = http.send(HttpRequest.newBuilder(URI.create(e.searchUrl() + "/datasets/_count")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            var m = java.util.regex.Pattern.compile("\"count\"\\s*:\\s*(\\d+)").matcher(body);
            if (m.find() && Long.parseLong(m.group(1)) >= docs) {
                try (Connection c = jdbc(e); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                        "SELECT count(*) FROM read_model.search_outbox WHERE projection = 'datasets'")) {
                    rs.next();
                    if (rs.getLong(1) == 0) {
                        return Math.max(System.nanoTime() - since, 1);
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the search index did not catch up");
    }

    static Connection jdbc(Endpoints e) throws Exception {
        return DriverManager.getConnection(e.postgresJdbcUrl(), e.postgresUser(), e.postgresPassword());
    }

    /** Publishes at a steady rate; returns {p50 ms, p99 ms, max ms, count} of ack -> projected_at. */
    static double[] freshness(Endpoints e, int rate, int seconds) throws Exception {
        int total = rate * seconds;
        Map<String, Long> ackedAt = new ConcurrentHashMap<>(total * 2);
        System.out.printf("freshness: %d events at %d/s ...%n", total, rate);
        try (KafkaProducer<String, SpecificRecord> producer = producer(e)) {
            long start = System.nanoTime();
            long epochOffset = System.currentTimeMillis() * 1_000_000L - start;
            for (int i = 0; i < total; i++) {
                long due = start + (long) i * 1_000_000_000L / rate;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                // New datasets and updates of them, as a command side would emit.
                String id = "f-" + (i / 2);
                SpecificRecord event = BenchEvents.event(id, i % 2 + 1, Instant.now());
                String eventId = event.get(0).toString();
                producer.send(new ProducerRecord<>(TOPIC, id, event), (md, ex) -> {
                    if (ex == null) {
                        ackedAt.put(eventId, System.nanoTime() + epochOffset);
                    }
                });
            }
            producer.flush();
        }
        List<Double> lags = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        try (Connection c = jdbc(e)) {
            while (System.nanoTime() < deadline) {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                        "SELECT count(*) FROM read_model.dataset_event WHERE dataset_id LIKE 'f-%'")) {
                    rs.next();
                    if (rs.getLong(1) >= ackedAt.size()) {
                        break;
                    }
                }
                Thread.sleep(100);
            }
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT event_id, "
                    + "(extract(epoch from projected_at) * 1000000)::bigint FROM read_model.dataset_event WHERE dataset_id LIKE 'f-%'")) {
                while (rs.next()) {
                    Long acked = ackedAt.get(rs.getString(1));
                    if (acked != null) {
                        lags.add((rs.getLong(2) * 1000L - acked) / 1e6);
                    }
                }
            }
        }
        lags.sort(Double::compare);
        return new double[] { pct(lags, 0.50), pct(lags, 0.99), lags.isEmpty() ? 0 : lags.get(lags.size() - 1), lags.size() };
    }

    static double pct(List<Double> sorted, double p) {
        return sorted.isEmpty() ? Double.NaN : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }

    static String[] row(String path, long events, long nanos) {
        double s = nanos / 1e9;
        return new String[] { path, Long.toString(events), String.format(Locale.ROOT, "%.2f", s),
                String.format(Locale.ROOT, "%,.0f", events / s) };
    }

    static void printTable(List<String[]> rows) {
        System.out.printf("%-58s %9s %9s %12s%n", "path", "records", "seconds", "records/s");
        System.out.println("-".repeat(91));
        for (String[] r : rows) {
            System.out.printf("%-58s %9s %9s %12s%n", (Object[]) r);
        }
    }

    static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static void deleteQuietly(File dir) {
        File[] children = dir.listFiles();
        if (children != null) {
            for (File child : children) {
                deleteQuietly(child);
            }
        }
        dir.delete();
    }
}
