package com.carbon254.bench.projector;

import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.carbon254.devstack.Endpoints;
import com.carbon254.events.catalog.EventType;
import com.carbon254.events.catalog.TopicCatalog;
import com.carbon254.events.data.DatasetCreatedEvent;
import com.carbon254.events.runtime.EventHeaders;
import com.carbon254.events.runtime.serde.CatalogAvroSerializer;
import com.carbon254.events.runtime.serde.PolyglotEventDeserializer;

/**
 * The raw command path: the work of the platform's command path for a created dataset, done with plain clients in
 * this JVM, at a steady command rate, into scratch tables, a scratch topic and a scratch index:
 * <ol>
 * <li>one JDBC transaction per command: the command-side dataset row and its outbox row (the event in Avro
 *     single-object encoding), as dataset-command writes them;</li>
 * <li>the same Kafka record as the outbox relay's (Avro through {@link CatalogAvroSerializer}, the dataset as key,
 *     the event headers; acks=all, idempotent, lz4, linger 5 ms, as the runtime's {@code events-out} channel);</li>
 * <li>a plain consumer reads it back (the polyglot deserializer) and writes the read-model rows (history insert and
 *     current-state upsert, one transaction per poll) and the search document (one {@code _bulk} per poll).</li>
 * </ol>
 * What the platform adds on top (HTTP, JSON and bean validation, JWT, Hibernate, the relay's bookkeeping, positions,
 * the search outbox, audit events, the query API's probes) is what its CPU per command, compared with this path's,
 * shows.
 */
final class RawCommands implements AutoCloseable {

    /** A measured window: commands sent, how long it took, and what each process spent meanwhile. */
    record Result(int rate, int commands, double seconds, Map<String, Duration> cpuByProcess) {
    }

    /** Processes that are not part of this path (the service JVMs, idle meanwhile) and so not in its bill. */
    static final Set<String> SERVICES = Set.of("dataset-command", "query-api", "projector");

    private static final String SCHEMA = "bench_raw_commands";
    private static final String TOPIC = "bench-raw-data-events";
    private static final String INDEX = "bench-raw-commands";
    /** Commands in flight at most, each on a connection of its own (as a service's pool would hold). */
    private static final int WORKERS = 8;

    private final Endpoints endpoints;
    private final ExecutorService workers = Executors.newFixedThreadPool(WORKERS);
    private final List<Connection> connections = new ArrayList<>();
    private final ThreadLocal<Connection> connection = new ThreadLocal<>();
    private final CatalogAvroSerializer serializer = new CatalogAvroSerializer();
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread projection;
    private final AtomicLong projected = new AtomicLong();
    private final AtomicInteger failures = new AtomicInteger();
    private volatile Exception projectionFailure;

    private RawCommands(Endpoints endpoints) throws Exception {
        this.endpoints = endpoints;
        try (Connection c = ProjectorBench.jdbc(endpoints)) {
            RawPaths.createReadModelTables(c, SCHEMA);
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE " + SCHEMA + ".command_dataset (LIKE dataset_command.dataset INCLUDING ALL)");
                s.execute("CREATE TABLE " + SCHEMA + ".outbox (LIKE dataset_command.outbox INCLUDING ALL)");
            }
        }
        int partitions = TopicCatalog.byName(ProjectorBench.TOPIC).orElseThrow().partitions();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                endpoints.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        RawPaths.createIndex(HttpClient.newHttpClient(), endpoints, INDEX);
        serializer.configure(Map.of("apicurio.registry.url", endpoints.registryUrl()), false);
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 65536), new StringSerializer(), new ByteArraySerializer());
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrapServers(),
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500), new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> assigned = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            assigned.add(new TopicPartition(TOPIC, p));
        }
        consumer.assign(assigned);
        consumer.seekToBeginning(assigned);
        projection = new Thread(this::project, "raw-projection");
        projection.start();
    }

    /** Scratch tables, topic and index, and the clients; the projection starts reading at once. */
    static RawCommands prepare(Endpoints endpoints) throws Exception {
        return new RawCommands(endpoints);
    }

    /**
     * Sends {@code total} commands at {@code rate} per second, waits until each is projected into the read-model rows
     * and the index, and returns what every process spent meanwhile.
     */
    Result run(String run, int rate, int total) throws Exception {
        long target = projected.get() + total;
        Map<String, Long> ledger0 = CpuLedger.snapshot();
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long wait = start + (long) i * 1_000_000_000L / rate - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            DatasetCreatedEvent event = (DatasetCreatedEvent) BenchEvents.event(UUID.randomUUID().toString(), 1,
                    Instant.now());
            workers.execute(() -> command(event));
        }
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (projected.get() < target - failures.get()) {
            if (projectionFailure != null) {
                throw new IllegalStateException("the raw projection failed", projectionFailure);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("raw command path: " + (target - projected.get()) + " of " + total
                        + " commands not projected after 2 minutes");
            }
            Thread.sleep(10);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Duration> spent = CpuLedger.between(ledger0, CpuLedger.snapshot());
        spent.keySet().removeAll(SERVICES);
        if (failures.get() > 0) {
            System.out.println("raw command path " + run + ": " + failures.get() + " commands failed");
        }
        return new Result(rate, total, seconds, spent);
    }

    /** One command: its transaction, then its event on the topic. */
    private void command(DatasetCreatedEvent event) {
        try {
            Connection c = connection();
            String id = BenchEvents.datasetId(event);
            try (PreparedStatement dataset = c.prepareStatement("INSERT INTO " + SCHEMA + ".command_dataset (id, name,"
                    + " description, owner, format, location, details, status, version, created_at, created_by,"
                    + " updated_at, updated_by) VALUES (?::uuid, ?, ?, ?, ?, ?, ?::jsonb, ?, 1, ?, ?, ?, ?)");
                 PreparedStatement outbox = c.prepareStatement("INSERT INTO " + SCHEMA + ".outbox (event_id, event_type,"
                         + " aggregate_id, aggregate_version, payload) VALUES (?::uuid, ?, ?::uuid, 1, ?)")) {
                Timestamp now = Timestamp.from(Instant.now());
                dataset.setString(1, id);
                dataset.setString(2, "lake." + id);
                dataset.setString(3, "Benchmark dataset " + id);
                dataset.setString(4, "team-bench");
                dataset.setString(5, "parquet");
                dataset.setString(6, "s3://lake/" + id);
                dataset.setString(7, "{\"tags\":[\"bench\",\"v1\"],\"columns\":[{\"name\":\"id\",\"type\":\"bigint\","
                        + "\"nullable\":false},{\"name\":\"amount\",\"type\":\"decimal(12,2)\",\"nullable\":true},"
                        + "{\"name\":\"ts\",\"type\":\"timestamp(6)\",\"nullable\":true}]}");
                dataset.setString(8, "ACTIVE");
                dataset.setTimestamp(9, now);
                dataset.setString(10, "bench");
                dataset.setTimestamp(11, now);
                dataset.setString(12, "bench");
                dataset.executeUpdate();
                outbox.setString(1, event.get(0).toString());
                outbox.setString(2, EventType.of(event).typeName());
                outbox.setString(3, id);
                ByteBuffer encoded = event.toByteBuffer(); // Avro single-object encoding, as the outbox holds events
                byte[] payload = new byte[encoded.remaining()];
                encoded.get(payload);
                outbox.setBytes(4, payload);
                outbox.executeUpdate();
                c.commit();
            }
            byte[] value = serializer.serialize(ProjectorBench.TOPIC, event);
            producer.send(new ProducerRecord<>(TOPIC, null, id, value, EventHeaders.of(event)), (metadata, failure) -> {
                if (failure != null) {
                    failures.incrementAndGet();
                }
            });
        } catch (Exception e) {
            failures.incrementAndGet();
        }
    }

    private Connection connection() throws Exception {
        Connection c = connection.get();
        if (c == null) {
            c = ProjectorBench.jdbc(endpoints);
            c.setAutoCommit(false);
            connection.set(c);
            synchronized (connections) {
                connections.add(c);
            }
        }
        return c;
    }

    /** The consumer side: every poll's events into the read-model rows (one transaction) and the index (one _bulk). */
    private void project() {
        PolyglotEventDeserializer deserializer = PolyglotEventDeserializer.forRegistry(endpoints.registryUrl());
        HttpClient http = HttpClient.newHttpClient();
        StringBuilder documents = new StringBuilder();
        try (Connection c = ProjectorBench.jdbc(endpoints);
             PreparedStatement history = c.prepareStatement(RawPaths.historyInsert(SCHEMA));
             PreparedStatement state = c.prepareStatement(RawPaths.stateUpsert(SCHEMA))) {
            c.setAutoCommit(false);
            while (!Thread.currentThread().isInterrupted()) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(100));
                if (records.isEmpty()) {
                    continue;
                }
                documents.setLength(0);
                for (ConsumerRecord<String, byte[]> record : records) {
                    // Read as every consumer reads a data-events record.
                    SpecificRecord event = deserializer.deserialize(ProjectorBench.TOPIC, record.headers(), record.value());
                    RawPaths.addHistory(history, event, TOPIC, record.partition(), record.offset());
                    RawPaths.addState(c, state, event);
                    RawPaths.appendDocument(documents, INDEX, event);
                }
                history.executeBatch();
                state.executeBatch();
                c.commit();
                RawPaths.bulk(http, endpoints, documents);
                projected.addAndGet(records.count());
            }
        } catch (WakeupException closing) {
            // close() stops the projection
        } catch (Exception e) {
            projectionFailure = e;
        } finally {
            deserializer.close();
        }
    }

    @Override
    public void close() throws Exception {
        workers.shutdown();
        workers.awaitTermination(30, TimeUnit.SECONDS);
        producer.close(Duration.ofSeconds(10));
        consumer.wakeup();
        projection.join(TimeUnit.SECONDS.toMillis(30));
        consumer.close(Duration.ofSeconds(5));
        serializer.close();
        synchronized (connections) {
            for (Connection c : connections) {
                c.close();
            }
        }
    }
}
