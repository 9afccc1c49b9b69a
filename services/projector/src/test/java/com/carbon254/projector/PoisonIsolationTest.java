package com.carbon254.projector;

import static com.carbon254.projector.ProjectorTestSupport.deadLettersOf;
import static io.restassured.RestAssured.given;
import static com.carbon254.projector.ProjectorTestSupport.header;
import static com.carbon254.projector.ProjectorTestSupport.randomText;
import static com.carbon254.projector.ProjectorTestSupport.sendToPartition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.endsWith;

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

import com.carbon254.api.runtime.security.Roles;
import com.carbon254.devstack.testing.EmbeddedStackResource;
import com.carbon254.devstack.testing.TestTokens;
import com.carbon254.events.data.LineageOperation;
import com.carbon254.events.runtime.DeadLetters;
import com.carbon254.events.system.HealthStatus;

import io.quarkus.test.common.QuarkusTestResource;
import io.restassured.http.ContentType;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Row;

/**
 * No single record can stop a projection. A record that breaks its contract's limits (a half-megabyte name, a JSON
 * record too long for any read model) is dead-lettered as it is read, with the reason, whatever its size. A record
 * within the contract that the database still refuses (here a CHECK constraint each test adds, SQLState
 * 23514, standing for any value a read model cannot store) is narrowed down in the middle of its batch, dead-lettered
 * on its topic's {@code .dlq} with the reason naming the projection, and everything else of the batch lands with its
 * positions. Each case sends the records to one partition, back to back, so that they are consumed together.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedStackResource.class)
class PoisonIsolationTest extends EmbeddedStackTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    /** What PostgreSQL says of a row its CHECK constraint refuses. */
    private static final String CHECK_VIOLATION = "23514";
    private static final String ADMIN = TestTokens.forSubject("poison-admin", Roles.PLATFORM_ADMIN);

    @Test
    void ingestionStatsDeadLetterAHalfMegabyteDatasetNameAsItIsReadAndApplyTheRest() throws Exception {
        Instant start = Instant.parse("2025-07-01T10:00:00Z");
        String huge = randomText(500_000);
        List<RecordMetadata> sent = sendToPartition(producer(), 1, List.of(
                PlatformEvents.window("poison-ingest-a", start, 1, 5),
                PlatformEvents.window(huge, start, 1, 7),
                PlatformEvents.window("poison-ingest-b", start, 1, 9)));

        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM read_model.ingestion_window "
                + "WHERE dataset_name IN ('poison-ingest-a', 'poison-ingest-b')") == 2);
        ConsumerRecord<byte[], byte[]> dead = awaitDeadLetter(sent.get(1));
        assertThat(header(dead, DeadLetters.REASON)).contains("datasetName: at most 255 characters are allowed");
        // the value (half a megabyte) is copied once; the key (the dataset name) is over what a dead letter copies
        assertThat(dead.value()).hasSizeGreaterThan(500_000).hasSizeLessThan(510_000);
        assertThat(header(dead, DeadLetters.KEY_NOT_COPIED)).isEqualTo("500000 bytes");
        assertThat(count("SELECT count(*) FROM read_model.ingestion_window WHERE length(dataset_name) > 1000")).isZero();
        awaitCaughtUp("ingestion-stats", sent.get(2));

        // a dead letter without its record's key cannot be re-driven as it is: a clear refusal, not a keyless copy
        Row stored = await().atMost(WAIT).until(() -> optional("SELECT dlq_partition, dlq_offset FROM"
                + " read_model.dead_letter WHERE original_topic = 'data-ingestion-aggregated' AND original_offset = "
                + sent.get(1).offset() + " AND original_partition = 1"), r -> r != null);
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body("{\"dlqTopic\":"
                        + " \"data-ingestion-aggregated.dlq\", \"partition\": " + stored.getInteger("dlq_partition")
                        + ", \"offsets\": [" + stored.getLong("dlq_offset") + "]}")
                .post("/admin/dead-letters/redrive").then().statusCode(409)
                .contentType("application/problem+json").body("type", endsWith("dead-letter-not-copied"));
    }

    @Test
    void serviceHealthDeadLettersAJsonRecordWithALongServiceNameAsItIsReadAndAppliesTheRest() throws Exception {
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
        assertThat(header(awaitDeadLetter(poison), DeadLetters.REASON))
                .contains("serviceName: at most 255 characters are allowed");
        assertThat(deadLettersOf(bootstrap, before)).isEmpty();
        awaitCaughtUp("service-health", after);
    }

    @Test
    void ingestionStatsDeadLetterAWindowTheDatabaseRefusesAndApplyTheRest() throws Exception {
        Instant start = Instant.parse("2025-07-02T10:00:00Z");
        refusing("ingestion_window", "dataset_name", "poison-ingest-refused");
        List<RecordMetadata> sent = sendToPartition(producer(), 1, List.of(
                PlatformEvents.window("poison-ingest-c", start, 1, 5),
                PlatformEvents.window("poison-ingest-refused", start, 1, 7),
                PlatformEvents.window("poison-ingest-d", start, 1, 9)));

        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM read_model.ingestion_window "
                + "WHERE dataset_name IN ('poison-ingest-c', 'poison-ingest-d')") == 2);
        assertDeadLettered(sent.get(1), "ingestion-stats");
        awaitCaughtUp("ingestion-stats", sent.get(2));
    }

    @Test
    void serviceHealthDeadLettersAStatusTheDatabaseRefusesAndAppliesTheRest() throws Exception {
        Instant now = Instant.now();
        refusing("service_status", "service_name", "poison-svc-refused");
        List<RecordMetadata> sent = sendToPartition(producer(), 0, List.of(
                PlatformEvents.health(PlatformEvents.newId(), "poison-svc-c", HealthStatus.HEALTHY, now),
                PlatformEvents.health(PlatformEvents.newId(), "poison-svc-refused", HealthStatus.HEALTHY, now),
                PlatformEvents.health(PlatformEvents.newId(), "poison-svc-d", HealthStatus.HEALTHY, now)));

        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM read_model.service_status "
                + "WHERE service_name IN ('poison-svc-c', 'poison-svc-d')") == 2);
        assertDeadLettered(sent.get(1), "service-health");
        awaitCaughtUp("service-health", sent.get(2));
    }

    @Test
    void theAuditTrailDeadLettersAnEntryTheDatabaseRefusesAndAppendsTheRest() throws Exception {
        refusing("audit_entry", "actor", "poison-caller");
        List<RecordMetadata> sent = sendToPartition(producer(), 2, List.of(PlatformEvents.apiCall("poison-audit-a"),
                PlatformEvents.apiCall("poison-caller"), PlatformEvents.apiCall("poison-audit-b")));

        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM read_model.audit_entry "
                + "WHERE actor IN ('poison-audit-a', 'poison-audit-b')") == 2);
        assertDeadLettered(sent.get(1), "audit-trail");
        assertThat(count("SELECT count(*) FROM read_model.audit_entry WHERE actor = 'poison-caller'")).isZero();
        awaitCaughtUp("audit-trail", sent.get(2));
        // the chain has no hole where the refused entry would have been
        assertThat(count("SELECT max(seq) - min(seq) + 1 - count(*) FROM read_model.audit_entry")).isZero();
    }

    @Test
    void lineageDeadLettersAnEdgeTheDatabaseRefusesAndAppliesTheRest() throws Exception {
        Instant t = PlatformEvents.T0;
        refusing("lineage_edge", "source_dataset", "poison-lin-refused");
        List<RecordMetadata> sent = sendToPartition(producer(), 0, List.of(
                PlatformEvents.lineage("poison-lin-a", "poison-lin-t", "job", LineageOperation.ADD, t),
                PlatformEvents.lineage("poison-lin-refused", "poison-lin-t", "job", LineageOperation.ADD, t),
                PlatformEvents.lineage("poison-lin-b", "poison-lin-t", "job", LineageOperation.ADD, t)));

        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM read_model.lineage_edge "
                + "WHERE source_dataset IN ('poison-lin-a', 'poison-lin-b')") == 2);
        assertDeadLettered(sent.get(1), "lineage");
        awaitCaughtUp("lineage", sent.get(2));
    }

    @Test
    void datasetsDeadLetterADatasetTheDatabaseRefusesAndApplyTheRest() throws Exception {
        refusing("dataset", "id", "poison-ds-refused");
        List<RecordMetadata> sent = sendToPartition(producer(), 3, List.of(
                TestEvents.created("poison-ds-a", "team-p"), TestEvents.created("poison-ds-refused", "team-p"),
                TestEvents.created("poison-ds-b", "team-p")));

        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM read_model.dataset "
                + "WHERE id IN ('poison-ds-a', 'poison-ds-b')") == 2);
        assertDeadLettered(sent.get(1), "datasets");
        assertThat(count("SELECT count(*) FROM read_model.dataset_event WHERE dataset_id = 'poison-ds-refused'"))
                .isZero();
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
    private void assertDeadLettered(RecordMetadata original, String projection) {
        assertThat(header(awaitDeadLetter(original), DeadLetters.REASON))
                .contains("the " + projection + " projection cannot store this record").contains(CHECK_VIOLATION);
    }

    /** The one dead letter of a record, once it is on its topic's dead-letter topic. */
    private ConsumerRecord<byte[], byte[]> awaitDeadLetter(RecordMetadata original) {
        return await().atMost(WAIT).until(() -> deadLettersOf(bootstrap, original), dead -> dead.size() == 1).get(0);
    }

    /**
     * A CHECK constraint that makes the read model refuse one value. It stays: it stands for a value the read model
     * can never store (as one over an index's size limit), so a later rebuild, whose tables copy the live ones'
     * constraints, refuses it too and ends equal to the live read model.
     */
    private void refusing(String table, String column, String value) {
        pool.query("ALTER TABLE read_model." + table + " ADD CONSTRAINT poison_isolation_" + table + " CHECK ("
                + column + " <> '" + value + "')").execute().await().atMost(Duration.ofSeconds(30));
    }

    /** The projection's stored position covers the record. */
    private void awaitCaughtUp(String projection, RecordMetadata record) {
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM read_model.projection_position WHERE "
                + "projection = '" + projection + "' AND topic = '" + record.topic() + "' AND kafka_partition = "
                + record.partition() + " AND next_offset > " + record.offset()) == 1);
    }
}
