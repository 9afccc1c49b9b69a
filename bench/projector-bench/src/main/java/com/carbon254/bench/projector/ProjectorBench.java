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
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.carbon254.devstack.Component;
import com.carbon254.devstack.EmbeddedStack;
import com.carbon254.devstack.Endpoints;
import com.carbon254.devstack.StackOptions;
import com.carbon254.events.catalog.EventType;
import com.carbon254.events.common.DatasetColumn;
import com.carbon254.events.common.DatasetStatus;
import com.carbon254.events.data.DatasetCreatedEvent;
import com.carbon254.events.data.DatasetUpdatedEvent;
import com.carbon254.events.runtime.serde.CatalogAvroSerializer;
import com.carbon254.events.runtime.serde.PolyglotEventDeserializer;
import com.carbon254.readmodel.DatasetIndex;

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
 *     was written to the read model ({@code dataset_event.projected_at}).</li>
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

    private static final String TOPIC = "data-events";
    private static final int PROJECTOR_PORT = freePort();
    private static Path jfrDir;
    private static String postgresData;

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
            jfrDir = Path.of(args.get("jfr")).toAbsolutePath();
            Files.createDirectories(jfrDir);
        }
        Path home = Files.createTempDirectory("projector-bench-");
        postgresData = home.resolve("data/postgres").toString();
        System.out.println("load average at start: " + loadAverage());
        List<String[]> table = new ArrayList<>();
        System.out.println("starting the embedded stack ...");
        try (EmbeddedStack stack = EmbeddedStack.start(StackOptions.forTests(home, EnumSet.allOf(Component.class)))) {
            Endpoints e = stack.endpoints();
            List<SpecificRecord> warmupData = generate("w", warmupDatasets, versions);
            int w = warmupData.size();
            List<SpecificRecord> events = generate("b", datasets, versions);
            int n = events.size();
            String header = String.format(Locale.ROOT, "N = %,d events (%,d datasets x %d versions), warm-up %,d events "
                    + "before each measured throughput phase and %,d commands before the end-to-end phase; load average "
                    + "at start %s", n, datasets, versions, w, warmupCommands, loadAverage());
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
                    batchesBefore = batchMetrics();
                }
                long[] window = awaitProjected(e, w, w + n, Duration.ofMinutes(10), projector);
                if (window[0] < n / 2) {
                    System.out.println("WARNING: the projector's measured window holds only " + window[0] + " of the "
                            + n + " events (it was seen past the warm-up late): use more datasets= for a usable figure");
                }
                table.add(row("projector: Kafka -> PostgreSQL (+ search after commit)", window[0], window[1]));
                long searchNanos = awaitIndexed(e, warmupDatasets + datasets, Duration.ofMinutes(5), window[2]);
                table.add(row("  ... search index caught up (docs)", datasets, searchNanos));
                String batches = batchStats(batchesBefore);
                String projectorCpu = String.format(Locale.ROOT, "projector CPU %.0f ms and PostgreSQL CPU %.0f ms per 1000 "
                        + "events (projection window)", window[3] / 1e6 * 1000 / window[0], window[4] / 1e6 * 1000 / window[0]);
                System.out.println("projected (" + batches + "; " + projectorCpu + "); raw paths ...");

                // Raw paths, each warmed up on the warm-up events (same code, same shapes) and then measured on the
                // N events. The consumer reads the whole topic (warm-up events and the N) in both passes.
                if (w > 0) {
                    rawConsume(e, w + n);
                }
                t0 = System.nanoTime();
                int read = rawConsume(e, w + n);
                table.add(1, row("raw KafkaConsumer + polyglot deserializer", read, System.nanoTime() - t0));

                if (w > 0) {
                    rawJdbc(e, warmupData);
                }
                t0 = System.nanoTime();
                long rawJdbcPgCpu = rawJdbc(e, events);
                table.add(row("raw JDBC batches (history insert + state upsert)", n, System.nanoTime() - t0));

                if (w > 0) {
                    rawBulk(e, warmupData);
                }
                t0 = System.nanoTime();
                rawBulk(e, events);
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
                    List<EndToEnd.Result> results = EndToEnd.run(e, commandJar, queryJar, home, rate, e2eRates, seconds,
                            Integer.parseInt(args.getOrDefault("sample", "10")), warmupCommands,
                            Integer.parseInt(args.getOrDefault("inflight", "64")));
                    for (EndToEnd.Result r : results) {
                        System.out.printf(Locale.ROOT, "%nend-to-end at %d commands/s for %d s, at most %s in flight (POST /datasets accepted -> "
                                + "visible via query API GET ?minVersion): sent %d, accepted %d (%.0f/s achieved), probed %d: "
                                + "p50 %.1f ms, p99 %.1f ms, max %.1f ms; command latency p50 %.1f ms, p99 %.1f ms; "
                                + "dataset-command CPU %.0f ms, PostgreSQL CPU %.0f ms, query-api CPU %.0f ms per 1000 commands%n",
                                r.rate(), seconds, args.getOrDefault("inflight", "64"), r.sent(), r.accepted(), r.acceptedPerSecond(), r.probed(), r.p50(), r.p99(),
                                r.max(), r.commandP50(), r.commandP99(), r.commandCpuPer1000Ms(), r.postgresCpuPer1000Ms(),
                                r.queryCpuPer1000Ms());
                        printCpuByProcess(r);
                    }
                } else {
                    System.out.println("command accepted -> visible via query API: not measured (build "
                            + "services/dataset-command and services/query-api first).");
                }
                System.out.println("load average at end: " + loadAverage());
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

    static List<SpecificRecord> generate(String prefix, int datasets, int versions) {
        List<SpecificRecord> events = new ArrayList<>(datasets * versions);
        Instant t = Instant.parse("2025-06-01T00:00:00Z");
        for (int v = 1; v <= versions; v++) {
            for (int d = 0; d < datasets; d++) {
                events.add(event(prefix + "-" + d, v, t.plusSeconds(v)));
            }
        }
        return events;
    }

    static SpecificRecord event(String id, long version, Instant at) {
        List<DatasetColumn> columns = List.of(
                DatasetColumn.newBuilder().setName("id").setType("bigint").setNullable(false).build(),
                DatasetColumn.newBuilder().setName("amount").setType("decimal(12,2)").build(),
                DatasetColumn.newBuilder().setName("ts").setType("timestamp(6)").build());
        if (version == 1) {
            return DatasetCreatedEvent.newBuilder().setEventId(UUID.randomUUID().toString()).setTimestamp(at)
                    .setSource("bench").setDatasetId(id).setDatasetVersion(1).setName("lake." + id)
                    .setDescription("Benchmark dataset " + id).setOwner("team-" + (id.hashCode() & 7)).setFormat("parquet")
                    .setLocation("s3://lake/" + id).setTags(List.of("bench", "v1")).setColumns(columns)
                    .setStatus(DatasetStatus.ACTIVE).setCreatedBy("bench").build();
        }
        return DatasetUpdatedEvent.newBuilder().setEventId(UUID.randomUUID().toString()).setTimestamp(at)
                .setSource("bench").setDatasetId(id).setDatasetVersion(version).setName("lake." + id)
                .setDescription("Benchmark dataset " + id + " revision " + version).setOwner("team-" + (id.hashCode() & 7))
                .setFormat("iceberg").setLocation("s3://lake/" + id).setTags(List.of("bench", "v" + version))
                .setColumns(columns).setStatus(DatasetStatus.ACTIVE).setChangedFields(List.of("description"))
                .setUpdatedBy("bench").build();
    }

    static String datasetId(SpecificRecord e) {
        return e.get(e.getSchema().getField("datasetId").pos()).toString();
    }

    static long version(SpecificRecord e) {
        return (Long) e.get(e.getSchema().getField("datasetVersion").pos());
    }

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

    static int rawConsume(Endpoints e, int expected) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, e.kafkaBootstrapServers());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, PolyglotEventDeserializer.class.getName());
        props.put(PolyglotEventDeserializer.CCOMPAT_URL, e.registryCcompatUrl());
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        int read = 0;
        try (KafkaConsumer<String, SpecificRecord> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(TOPIC).stream()
                    .map(p -> new TopicPartition(TOPIC, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (read < expected) {
                read += consumer.poll(Duration.ofMillis(200)).count();
            }
        }
        return read;
    }

    static Process startProjector(Endpoints e, Path jar, Path log) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx512m", "-XX:+UseSerialGC"));
        cmd.addAll(flightRecording("projector"));
        cmd.addAll(List.of("-Dquarkus.http.port=" + PROJECTOR_PORT,
                "-Dkafka.bootstrap.servers=" + e.kafkaBootstrapServers(),
                "-Dcarbon254.registry.url=" + e.registryUrl(),
                "-Dcarbon254.registry.ccompat-url=" + e.registryCcompatUrl(),
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
                    firstCpu = cpuNanos(projector.toHandle());
                    firstPgCpu = postgresCpuNanos();
                }
                if (done >= n) {
                    return new long[] { n - firstCount, now - firstAt, now, cpuNanos(projector.toHandle()) - firstCpu,
                            postgresCpuNanos() - firstPgCpu };
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

    /** Writes the events' rows with batched JDBC; returns the CPU time its PostgreSQL backend spent. */
    static long rawJdbc(Endpoints e, List<SpecificRecord> events) throws Exception {
        try (Connection c = jdbc(e)) {
            long backendPid;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                backendPid = rs.getLong(1);
            }
            long backendCpu0 = ProcessHandle.of(backendPid).map(ProjectorBench::cpuNanos).orElse(0L);
            try (Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS bench_raw CASCADE");
                s.execute("CREATE SCHEMA bench_raw");
                s.execute("CREATE TABLE bench_raw.dataset (LIKE read_model.dataset INCLUDING ALL)");
                s.execute("CREATE TABLE bench_raw.dataset_event (LIKE read_model.dataset_event INCLUDING ALL)");
            }
            c.setAutoCommit(false);
            try (PreparedStatement history = c.prepareStatement("INSERT INTO bench_raw.dataset_event (event_id, dataset_id, "
                    + "dataset_version, event_type, occurred_at, payload, kafka_topic, kafka_partition, kafka_offset) "
                    + "VALUES (?, ?, ?, ?, ?, ?::jsonb, 'data-events', 0, ?)");
                 PreparedStatement state = c.prepareStatement("INSERT INTO bench_raw.dataset (id, version, name, description, "
                    + "owner, format, location, tags, columns, status, updated_at, updated_by, last_event_id) VALUES "
                    + "(?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version, "
                    + "description = EXCLUDED.description, format = EXCLUDED.format, tags = EXCLUDED.tags, "
                    + "updated_at = EXCLUDED.updated_at, last_event_id = EXCLUDED.last_event_id "
                    + "WHERE bench_raw.dataset.version < EXCLUDED.version")) {
                int i = 0;
                for (SpecificRecord event : events) {
                    String id = datasetId(event);
                    long v = version(event);
                    String eventId = event.get(0).toString();
                    history.setString(1, eventId);
                    history.setString(2, id);
                    history.setLong(3, v);
                    history.setString(4, EventType.of(event).typeName());
                    history.setTimestamp(5, Timestamp.from((Instant) event.get(2)));
                    history.setString(6, event.toString());
                    history.setLong(7, i);
                    history.addBatch();
                    state.setString(1, id);
                    state.setLong(2, v);
                    state.setString(3, "lake." + id);
                    state.setString(4, "Benchmark dataset " + id + " revision " + v);
                    state.setString(5, "team");
                    state.setString(6, "iceberg");
                    state.setString(7, "s3://lake/" + id);
                    state.setArray(8, c.createArrayOf("text", new String[] { "bench", "v" + v }));
                    state.setString(9, "[{\"name\":\"id\",\"type\":\"bigint\"},{\"name\":\"amount\"},{\"name\":\"ts\"}]");
                    state.setString(10, "ACTIVE");
                    state.setTimestamp(11, Timestamp.from((Instant) event.get(2)));
                    state.setString(12, "bench");
                    state.setString(13, eventId);
                    state.addBatch();
                    if (++i % 500 == 0) {
                        history.executeBatch();
                        state.executeBatch();
                        c.commit();
                    }
                }
                history.executeBatch();
                state.executeBatch();
                c.commit();
            }
            return ProcessHandle.of(backendPid).map(ProjectorBench::cpuNanos).orElse(0L) - backendCpu0;
        }
    }

    static void rawBulk(Endpoints e, List<SpecificRecord> events) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String definition = DatasetIndex.definition();
        http.send(HttpRequest.newBuilder(URI.create(e.searchUrl() + "/bench-raw")).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        http.send(HttpRequest.newBuilder(URI.create(e.searchUrl() + "/bench-raw")).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(definition)).build(), HttpResponse.BodyHandlers.ofString());
        StringBuilder body = new StringBuilder();
        int i = 0;
        for (SpecificRecord event : events) {
            String id = datasetId(event);
            long v = version(event);
            body.append("{\"index\":{\"_index\":\"bench-raw\",\"_id\":\"").append(id).append("\",\"version\":").append(v)
                    .append(",\"version_type\":\"external\"}}\n");
            body.append("{\"id\":\"").append(id).append("\",\"version\":").append(v).append(",\"name\":\"lake.").append(id)
                    .append("\",\"description\":\"Benchmark dataset ").append(id).append(" revision ").append(v)
                    .append("\",\"owner\":\"team\",\"format\":\"iceberg\",\"location\":\"s3://lake/").append(id)
                    .append("\",\"tags\":[\"bench\",\"v").append(v).append("\"],\"status\":\"ACTIVE\",\"columns\":[{\"name\":\"id\","
                            + "\"type\":\"bigint\",\"nullable\":false},{\"name\":\"amount\",\"type\":\"decimal(12,2)\",\"nullable\":true},"
                            + "{\"name\":\"ts\",\"type\":\"timestamp(6)\",\"nullable\":true}],\"createdAt\":\"2025-06-01T00:00:01Z\","
                            + "\"createdBy\":\"bench\",\"updatedAt\":\"").append(event.get(2)).append("\",\"updatedBy\":\"bench\"}\n");
            if (++i % 500 == 0 || i == events.size()) {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(e.searchUrl() + "/_bulk"))
                        .header("Content-Type", "application/x-ndjson")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("bulk failed: " + response.body());
                }
                body.setLength(0);
            }
        }
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
                SpecificRecord event = event(id, i % 2 + 1, Instant.now());
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
        return postgresProcesses().mapToLong(ProjectorBench::cpuNanos).sum();
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

    /**
     * The end-to-end window's CPU bill by process: per 1000 accepted commands, and as a share of the machine's
     * cores over the window (100 % = every core busy all the time).
     */
    private static void printCpuByProcess(EndToEnd.Result r) {
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.printf(Locale.ROOT, "CPU during the end-to-end window (%.1f s, %d cores), by process:%n", r.seconds(),
                cores);
        System.out.printf("  %-28s %20s %18s%n", "process", "ms per 1000 commands", "share of machine");
        long total = 0;
        for (Map.Entry<String, Duration> spent : r.cpuByProcess().entrySet()) {
            long nanos = spent.getValue().toNanos();
            total += nanos;
            System.out.printf(Locale.ROOT, "  %-28s %20.0f %17.0f%%%n", spent.getKey(),
                    nanos / 1e6 * 1000 / Math.max(1, r.accepted()), 100.0 * nanos / 1e9 / (cores * r.seconds()));
        }
        System.out.printf(Locale.ROOT, "  %-28s %20.0f %17.0f%%%n", "all", total / 1e6 * 1000 / Math.max(1, r.accepted()),
                100.0 * total / 1e9 / (cores * r.seconds()));
    }

    /** JVM options for a service's flight recording, if asked for ({@code jfr=<folder>}). */
    static List<String> flightRecording(String service) {
        if (jfrDir == null) {
            return List.of();
        }
        return List.of("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename="
                + jfrDir.resolve(service + ".jfr"));
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The projector's metrics text (empty if unavailable). */
    static String batchMetrics() {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + PROJECTOR_PORT + "/q/metrics")).build(),
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
