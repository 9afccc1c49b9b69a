package com.carbon254.projector;

import static com.carbon254.projector.ProjectorTestSupport.deadLettersOf;
import static com.carbon254.projector.ProjectorTestSupport.header;
import static com.carbon254.projector.ProjectorTestSupport.randomText;
import static com.carbon254.projector.ProjectorTestSupport.sendToPartition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;

import com.carbon254.devstack.testing.EmbeddedStackResource;
import com.carbon254.events.data.LineageOperation;
import com.carbon254.events.runtime.DeadLetters;
import com.carbon254.events.system.HealthStatus;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Row;

/**
 * No single record can stop a projection: in every projection, a record the database refuses (an index row over the
 * btree limit, a NUL byte) in the middle of a batch is narrowed down, dead-lettered on its topic's {@code .dlq} with
 * the reason, and everything else of the batch lands with its positions. Each case sends the records to one partition,
 * back to back, so that they are consumed together.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedStackResource.class)
class PoisonIsolationTest extends EmbeddedStackTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    /** What PostgreSQL says of an index row over its limit ("index row size … exceeds btree version 4 maximum 2704",
     *  or for a value too large to be compressed under it "index row requires … bytes"; SQLState 54000). */
    private static final String BTREE_LIMIT = "index row";

    @Test
    void ingestionStatsDeadLetterAHalfMegabyteDatasetNameAndApplyTheRest() throws Exception {
        Instant start = Instant.parse("2025-07-01T10:00:00Z");
        String huge = randomText(500_000);
        List<RecordMetadata> sent = sendToPartition(producer(), 1, List.of(
                PlatformEvents.window("poison-ingest-a", start, 1, 5),
                PlatformEvents.window(huge, start, 1, 7),
                PlatformEvents.window("poison-ingest-b", start, 1, 9)));

        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM read_model.ingestion_window "
                + "WHERE dataset_name IN ('poison-ingest-a', 'poison-ingest-b')") == 2);
        assertDeadLettered(sent.get(1), BTREE_LIMIT, "ingestion-stats");
        assertThat(count("SELECT count(*) FROM read_model.ingestion_window WHERE length(dataset_name) > 1000")).isZero();
        awaitCaughtUp("ingestion-stats", sent.get(2));
    }

    @Test
    void serviceHealthDeadLettersAJsonRecordWithALongServiceNameAndAppliesTheRest() throws Exception {
        String huge = randomText(6_000);
        RecordMetadata before;
        RecordMetadata poison;
        RecordMetadata after;
        try (KafkaProducer<String, byte[]> raw = ProjectorTestSupport.rawProducer(bootstrap)) {
            // JSON straight to the topic, as a Node.js producer writes it
            var first = raw.send(new ProducerRecord<>("system-health", 0, "poison-svc-a", health("poison-svc-a")));
            var second = raw.send(new ProducerRecord<>("system-health", 0, huge, health(huge)));
            var third = raw.send(new ProducerRecord<>("system-health", 0, "poison-svc-b", health("poison-svc-b")));
            before = first.get();
            poison = second.get();
            after = third.get();
        }

        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM read_model.service_status "
                + "WHERE service_name IN ('poison-svc-a', 'poison-svc-b')") == 2);
        assertDeadLettered(poison, BTREE_LIMIT, "service-health");
        assertThat(deadLettersOf(bootstrap, before)).isEmpty();
        awaitCaughtUp("service-health", after);
    }

    @Test
    void theAuditTrailDeadLettersAnApiCallWithAVeryLongPathAndAppendsTheRest() throws Exception {
        var call = PlatformEvents.apiCall("poison-caller");
        call.setPath("/" + randomText(6_000));
        List<RecordMetadata> sent = sendToPartition(producer(), 2, List.of(PlatformEvents.apiCall("poison-audit-a"),
                call, PlatformEvents.apiCall("poison-audit-b")));

        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM read_model.audit_entry "
                + "WHERE actor IN ('poison-audit-a', 'poison-audit-b')") == 2);
        assertDeadLettered(sent.get(1), BTREE_LIMIT, "audit-trail");
        assertThat(count("SELECT count(*) FROM read_model.audit_entry WHERE actor = 'poison-caller'")).isZero();
        awaitCaughtUp("audit-trail", sent.get(2));
        // the chain has no hole where the refused entry would have been
        assertThat(count("SELECT max(seq) - min(seq) + 1 - count(*) FROM read_model.audit_entry")).isZero();
    }

    @Test
    void lineageDeadLettersAnEdgeWithAnOversizedDatasetNameAndAppliesTheRest() throws Exception {
        Instant t = PlatformEvents.T0;
        List<RecordMetadata> sent = sendToPartition(producer(), 0, List.of(
                PlatformEvents.lineage("poison-lin-a", "poison-lin-t", "job", LineageOperation.ADD, t),
                PlatformEvents.lineage(randomText(6_000), "poison-lin-t", "job", LineageOperation.ADD, t),
                PlatformEvents.lineage("poison-lin-b", "poison-lin-t", "job", LineageOperation.ADD, t)));

        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM read_model.lineage_edge "
                + "WHERE source_dataset IN ('poison-lin-a', 'poison-lin-b')") == 2);
        assertDeadLettered(sent.get(1), BTREE_LIMIT, "lineage");
        awaitCaughtUp("lineage", sent.get(2));
    }

    @Test
    void datasetsDeadLetterADatasetWithAnOversizedNameAndApplyTheRest() throws Exception {
        var huge = TestEvents.created("poison-ds-huge", "team-p");
        huge.setName(randomText(6_000));
        List<RecordMetadata> sent = sendToPartition(producer(), 3, List.of(TestEvents.created("poison-ds-a", "team-p"),
                huge, TestEvents.created("poison-ds-b", "team-p")));

        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM read_model.dataset "
                + "WHERE id IN ('poison-ds-a', 'poison-ds-b')") == 2);
        assertDeadLettered(sent.get(1), BTREE_LIMIT, "datasets");
        assertThat(count("SELECT count(*) FROM read_model.dataset_event WHERE dataset_id = 'poison-ds-huge'")).isZero();
        awaitCaughtUp("datasets", sent.get(2));
    }

    @Test
    void deadLettersKeepADeadLetterWithANulInItsReasonAlteredAndStoreTheRest() throws Exception {
        RecordMetadata before;
        RecordMetadata poison;
        RecordMetadata after;
        byte[] value = "{not an event".getBytes(StandardCharsets.UTF_8);
        try (KafkaProducer<String, byte[]> raw = ProjectorTestSupport.rawProducer(bootstrap)) {
            var first = raw.send(deadLetter("poison-dl-a", "unreadable", value));
            var second = raw.send(deadLetter("poison-dl-nul", "reason with a \u0000 byte", value));
            var third = raw.send(deadLetter("poison-dl-b", "unreadable", value));
            before = first.get();
            poison = second.get();
            after = third.get();
        }

        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM read_model.dead_letter "
                + "WHERE record_key IN ('poison-dl-a', 'poison-dl-nul', 'poison-dl-b')") == 3);
        assertThat(one("SELECT reason FROM read_model.dead_letter WHERE dlq_offset = " + before.offset()
                + " AND dlq_partition = " + before.partition() + " AND dlq_topic = 'data-lineage.dlq'").getString(0))
                .isEqualTo("unreadable");
        Row altered = one("SELECT reason, record_key, value FROM read_model.dead_letter WHERE dlq_offset = "
                + poison.offset() + " AND dlq_partition = " + poison.partition() + " AND dlq_topic = 'data-lineage.dlq'");
        assertThat(altered.getString("reason")).startsWith("stored altered (").contains("reason with a \uFFFD byte");
        assertThat(altered.getString("record_key")).isEqualTo("poison-dl-nul");
        assertThat(altered.getBuffer("value").getBytes()).isEqualTo(value);
        assertThat(new ProjectionCounters(registry).events("dead-letters", "failed")).isPositive();
        awaitCaughtUp("dead-letters", after);
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private static byte[] health(String service) {
        return ("{\"eventId\": \"" + PlatformEvents.newId() + "\", \"eventType\": \"ServiceHealth\", "
                + "\"timestamp\": " + System.currentTimeMillis() + ", \"source\": \"node-producer\", "
                + "\"version\": \"1.0.0\", \"serviceName\": \"" + service + "\", \"namespace\": \"poison\", "
                + "\"healthStatus\": \"" + HealthStatus.HEALTHY + "\", \"latencyMs\": 12, \"errorRate\": 0.0, "
                + "\"message\": null}").getBytes(StandardCharsets.UTF_8);
    }

    private static ProducerRecord<String, byte[]> deadLetter(String key, String reason, byte[] value) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>("data-lineage.dlq", 0, key, value);
        record.headers().add(new RecordHeader(DeadLetters.REASON, reason.getBytes(StandardCharsets.UTF_8)));
        record.headers().add(new RecordHeader(DeadLetters.TOPIC, "data-lineage".getBytes(StandardCharsets.UTF_8)));
        return record;
    }

    /** The record is on its topic's dead-letter topic, once, with the database's reason naming the projection. */
    private void assertDeadLettered(RecordMetadata original, String reasonPart, String projection) {
        await().atMost(WAIT).untilAsserted(() -> {
            List<ConsumerRecord<byte[], byte[]>> dead = deadLettersOf(bootstrap, original);
            assertThat(dead).hasSize(1);
            assertThat(header(dead.get(0), DeadLetters.REASON)).contains("the " + projection + " projection")
                    .contains(reasonPart).contains("54000");
        });
    }

    /** The projection's stored position covers the record. */
    private void awaitCaughtUp(String projection, RecordMetadata record) {
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM read_model.projection_position WHERE "
                + "projection = '" + projection + "' AND topic = '" + record.topic() + "' AND kafka_partition = "
                + record.partition() + " AND next_offset > " + record.offset()) == 1);
    }

    private Row one(String sql) {
        var rows = pool.query(sql).execute().await().atMost(Duration.ofSeconds(10));
        assertThat(rows.size()).as(sql).isEqualTo(1);
        return rows.iterator().next();
    }
}
