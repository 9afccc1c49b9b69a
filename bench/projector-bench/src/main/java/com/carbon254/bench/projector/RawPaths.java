package com.carbon254.bench.projector;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import com.carbon254.devstack.Endpoints;
import com.carbon254.events.catalog.EventType;
import com.carbon254.events.runtime.serde.PolyglotEventDeserializer;
import com.carbon254.readmodel.DatasetIndex;

/**
 * The raw paths the projector is compared with, over the same events: a plain {@code KafkaConsumer} with the polyglot
 * deserializer, batched JDBC writes of the same rows (history insert and current-state upsert, 500 per transaction)
 * into scratch tables, and a raw {@code _bulk} of the same documents (500 per request, external versions) into a
 * scratch index.
 */
final class RawPaths {

    private RawPaths() {
    }

    static int rawConsume(Endpoints e, int expected) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, e.kafkaBootstrapServers());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, PolyglotEventDeserializer.class.getName());
        props.put("apicurio.registry.url", e.registryUrl());
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        int read = 0;
        try (KafkaConsumer<String, SpecificRecord> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(ProjectorBench.TOPIC).stream()
                    .map(p -> new TopicPartition(ProjectorBench.TOPIC, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (read < expected) {
                read += consumer.poll(Duration.ofMillis(200)).count();
            }
        }
        return read;
    }

    /** Writes the events' rows with batched JDBC; returns the CPU time its PostgreSQL backend spent. */
    static long rawJdbc(Endpoints e, List<SpecificRecord> events) throws Exception {
        try (Connection c = ProjectorBench.jdbc(e)) {
            long backendPid;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                backendPid = rs.getLong(1);
            }
            long backendCpu0 = ProcessHandle.of(backendPid).map(Measurements::cpuNanos).orElse(0L);
            createReadModelTables(c, "bench_raw");
            c.setAutoCommit(false);
            try (PreparedStatement history = c.prepareStatement(historyInsert("bench_raw"));
                 PreparedStatement state = c.prepareStatement(stateUpsert("bench_raw"))) {
                int i = 0;
                for (SpecificRecord event : events) {
                    addHistory(history, event, ProjectorBench.TOPIC, 0, i);
                    addState(c, state, event);
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
            return ProcessHandle.of(backendPid).map(Measurements::cpuNanos).orElse(0L) - backendCpu0;
        }
    }

    static void rawBulk(Endpoints e, List<SpecificRecord> events) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        createIndex(http, e, "bench-raw");
        StringBuilder body = new StringBuilder();
        int i = 0;
        for (SpecificRecord event : events) {
            appendDocument(body, "bench-raw", event);
            if (++i % 500 == 0 || i == events.size()) {
                bulk(http, e, body);
                body.setLength(0);
            }
        }
    }

    // ---- the rows and documents of an event, shared by the raw paths ---------------------------------------------

    /** Fresh copies, in {@code schema}, of the read model's history and current-state tables. */
    static void createReadModelTables(Connection c, String schema) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            s.execute("CREATE SCHEMA " + schema);
            s.execute("CREATE TABLE " + schema + ".dataset (LIKE read_model.dataset INCLUDING ALL)");
            s.execute("CREATE TABLE " + schema + ".dataset_event (LIKE read_model.dataset_event INCLUDING ALL)");
        }
    }

    /** The history row's insert (the projector's {@code dataset_event}). */
    static String historyInsert(String schema) {
        return "INSERT INTO " + schema + ".dataset_event (event_id, dataset_id, dataset_version, event_type, occurred_at,"
                + " payload, kafka_topic, kafka_partition, kafka_offset) VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)";
    }

    /** The current state's upsert (the projector's {@code dataset}), older versions ignored. */
    static String stateUpsert(String schema) {
        return "INSERT INTO " + schema + ".dataset (id, version, name, description, owner, format, location, tags,"
                + " columns, status, updated_at, updated_by, last_event_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?,"
                + " ?, ?) ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version, description = EXCLUDED.description,"
                + " format = EXCLUDED.format, tags = EXCLUDED.tags, updated_at = EXCLUDED.updated_at,"
                + " last_event_id = EXCLUDED.last_event_id WHERE " + schema + ".dataset.version < EXCLUDED.version";
    }

    static void addHistory(PreparedStatement history, SpecificRecord event, String topic, int partition, long offset)
            throws SQLException {
        history.setString(1, event.get(0).toString());
        history.setString(2, BenchEvents.datasetId(event));
        history.setLong(3, BenchEvents.version(event));
        history.setString(4, EventType.of(event).typeName());
        history.setTimestamp(5, Timestamp.from((Instant) event.get(2)));
        history.setString(6, event.toString());
        history.setString(7, topic);
        history.setInt(8, partition);
        history.setLong(9, offset);
        history.addBatch();
    }

    static void addState(Connection c, PreparedStatement state, SpecificRecord event) throws SQLException {
        String id = BenchEvents.datasetId(event);
        long v = BenchEvents.version(event);
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
        state.setString(13, event.get(0).toString());
        state.addBatch();
    }

    /** A fresh scratch index with the read model's index definition. */
    static void createIndex(HttpClient http, Endpoints e, String index) throws Exception {
        http.send(HttpRequest.newBuilder(URI.create(e.searchUrl() + "/" + index)).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        http.send(HttpRequest.newBuilder(URI.create(e.searchUrl() + "/" + index)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(DatasetIndex.definition())).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The event's search document as a {@code _bulk} index action (external version: an older one is ignored). */
    static void appendDocument(StringBuilder body, String index, SpecificRecord event) {
        String id = BenchEvents.datasetId(event);
        long v = BenchEvents.version(event);
        body.append("{\"index\":{\"_index\":\"").append(index).append("\",\"_id\":\"").append(id).append("\",\"version\":")
                .append(v).append(",\"version_type\":\"external\"}}\n");
        body.append("{\"id\":\"").append(id).append("\",\"version\":").append(v).append(",\"name\":\"lake.").append(id)
                .append("\",\"description\":\"Benchmark dataset ").append(id).append(" revision ").append(v)
                .append("\",\"owner\":\"team\",\"format\":\"iceberg\",\"location\":\"s3://lake/").append(id)
                .append("\",\"tags\":[\"bench\",\"v").append(v).append("\"],\"status\":\"ACTIVE\",\"columns\":[{\"name\":\"id\","
                        + "\"type\":\"bigint\",\"nullable\":false},{\"name\":\"amount\",\"type\":\"decimal(12,2)\",\"nullable\":true},"
                        + "{\"name\":\"ts\",\"type\":\"timestamp(6)\",\"nullable\":true}],\"createdAt\":\"2025-06-01T00:00:01Z\","
                        + "\"createdBy\":\"bench\",\"updatedAt\":\"").append(event.get(2)).append("\",\"updatedBy\":\"bench\"}\n");
    }

    static void bulk(HttpClient http, Endpoints e, CharSequence body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(e.searchUrl() + "/_bulk"))
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("bulk failed: " + response.body());
        }
    }
}
