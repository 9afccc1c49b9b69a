package com.carbon254.projector;

import static com.carbon254.projector.ProjectorTestSupport.deadLettersOf;
import static com.carbon254.projector.ProjectorTestSupport.sendToPartition;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

import org.apache.avro.specific.SpecificRecord;
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

/**
 * A transient failure loses nothing and dead-letters nothing: in every projection, the batch transaction is cut off
 * while it waits for a lock the test holds ({@code pg_terminate_backend}: what a database restart or a lost connection
 * does to it), and the batch is retried and lands, with no dead letter. A projection that makes no progress while
 * records wait, or keeps failing, turns readiness DOWN until it moves again.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedStackResource.class)
class TransientFailureTest extends EmbeddedStackTest {

    private static final Duration WAIT = Duration.ofSeconds(90);

    @Test
    void datasetsRecover() throws Exception {
        RecordMetadata sent = interrupted("datasets", "read_model.dataset",
                () -> send(TestEvents.created("transient-ds", "team-t")));
        awaitCount("SELECT count(*) FROM read_model.dataset WHERE id = 'transient-ds'", 1);
        assertNoDeadLetter(sent);
    }

    @Test
    void ingestionStatsRecover() throws Exception {
        RecordMetadata sent = interrupted("ingestion-stats", "read_model.ingestion_window",
                () -> send(PlatformEvents.window("transient-ingest", Instant.parse("2025-07-02T10:00:00Z"), 1, 3)));
        awaitCount("SELECT count(*) FROM read_model.ingestion_window WHERE dataset_name = 'transient-ingest'", 1);
        assertNoDeadLetter(sent);
    }

    @Test
    void serviceHealthRecovers() throws Exception {
        RecordMetadata sent = interrupted("service-health", "read_model.service_status",
                () -> send(PlatformEvents.health(PlatformEvents.newId(), "transient-svc", HealthStatus.HEALTHY,
                        PlatformEvents.T0)));
        awaitCount("SELECT count(*) FROM read_model.service_status WHERE service_name = 'transient-svc'", 1);
        assertNoDeadLetter(sent);
    }

    @Test
    void lineageRecovers() throws Exception {
        RecordMetadata sent = interrupted("lineage", "read_model.lineage_edge",
                () -> send(PlatformEvents.lineage("transient-lin", "transient-lin-t", "job", LineageOperation.ADD,
                        PlatformEvents.T0)));
        awaitCount("SELECT count(*) FROM read_model.lineage_edge WHERE source_dataset = 'transient-lin'", 1);
        assertNoDeadLetter(sent);
    }

    @Test
    void theAuditTrailRecovers() throws Exception {
        RecordMetadata sent = interrupted("audit-trail", "read_model.audit_chain_head",
                () -> send(PlatformEvents.security("transient-principal")));
        awaitCount("SELECT count(*) FROM read_model.audit_entry WHERE actor = 'transient-principal'", 1);
        assertNoDeadLetter(sent);
        assertThat(count("SELECT max(seq) - min(seq) + 1 - count(*) FROM read_model.audit_entry")).isZero();
    }

    @Test
    void deadLettersRecover() throws Exception {
        RecordMetadata sent = interrupted("dead-letters", "read_model.dead_letter", () -> {
            try (KafkaProducer<String, byte[]> raw = ProjectorTestSupport.rawProducer(bootstrap)) {
                ProducerRecord<String, byte[]> letter = new ProducerRecord<>("data-lineage.dlq", "transient-dl",
                        "{not an event".getBytes(StandardCharsets.UTF_8));
                letter.headers().add(new RecordHeader(DeadLetters.REASON, "unreadable".getBytes(StandardCharsets.UTF_8)));
                return raw.send(letter).get();
            }
        });
        // stored once, as it came (not altered: the failure was not the record's)
        awaitCount("SELECT count(*) FROM read_model.dead_letter WHERE record_key = 'transient-dl' "
                + "AND reason = 'unreadable'", 1);
        assertThat(count("SELECT count(*) FROM read_model.dead_letter WHERE dlq_topic = 'data-lineage.dlq' "
                + "AND dlq_partition = " + sent.partition() + " AND dlq_offset = " + sent.offset())).isEqualTo(1);
    }

    @Test
    void aProjectionThatWaitsWithRecordsPendingIsNotReadyUntilItMovesAgain() throws Exception {
        given().get("/q/health/ready").then().statusCode(200);
        try (DatabaseFaults db = databaseFaults()) {
            db.lockTable("read_model.dataset");
            send(TestEvents.created("stuck-ds", "team-s"));
            await().atMost(WAIT).until(() -> !db.waiting().isEmpty());
            // nothing fails: the batch waits, records pending, until stuck-timeout (8 s in tests) makes it stuck
            await().atMost(WAIT).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(503)
                    .body("checks.find { it.name == 'projections' }.status", equalTo("DOWN"))
                    .body("checks.find { it.name == 'projections' }.data.stuck", equalTo("datasets"))
                    .body("checks.find { it.name == 'projections' }.data.datasets", containsString("not committed")));
            assertThat(given().get("/q/metrics").asString())
                    .contains("carbon254_projection_stuck{projection=\"datasets\"} 1.0");
        }
        awaitCount("SELECT count(*) FROM read_model.dataset WHERE id = 'stuck-ds'", 1);
        await().atMost(WAIT).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
    }

    @Test
    void aProjectionWhoseBatchKeepsFailingIsNotReadyUntilItCommits() throws Exception {
        try (DatabaseFaults db = databaseFaults()) {
            db.lockTable("read_model.lineage_edge");
            send(PlatformEvents.lineage("failing-lin", "failing-lin-t", "job", LineageOperation.ADD, PlatformEvents.T0));
            // five attempts in a row cut off: stuck (stuck-after-failures), retries in flight
            for (int attempt = 0; attempt < 5; attempt++) {
                await().atMost(WAIT).until(() -> !db.waiting().isEmpty());
                assertThat(db.terminateWaiting()).isPositive();
            }
            await().atMost(WAIT).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(503)
                    .body("checks.find { it.name == 'projections' }.data.stuck", containsString("lineage"))
                    .body("checks.find { it.name == 'projections' }.data.lineage", containsString("in a row failed")));
            assertThat(given().get("/q/metrics").asString())
                    .containsPattern("carbon254_projection_retries_in_flight\\{projection=\"lineage\"} [1-9]");
        }
        awaitCount("SELECT count(*) FROM read_model.lineage_edge WHERE source_dataset = 'failing-lin'", 1);
        await().atMost(WAIT).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
        assertThat(given().get("/q/metrics").asString())
                .contains("carbon254_projection_retries_in_flight{projection=\"lineage\"} 0.0");
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    /**
     * Sends a record while the test holds a lock on the table the projection writes, cuts the projection's transaction
     * off once it waits for that lock, then releases the lock; checks the projection counted the retry.
     */
    private RecordMetadata interrupted(String projection, String table, Callable<RecordMetadata> send)
            throws Exception {
        ProjectionCounters counters = new ProjectionCounters(registry);
        double retries = counters.retries(projection);
        double failed = counters.events(projection, "failed");
        RecordMetadata sent;
        try (DatabaseFaults db = databaseFaults()) {
            db.lockTable(table);
            sent = send.call();
            await().atMost(WAIT).until(() -> !db.waiting().isEmpty());
            assertThat(db.terminateWaiting()).isPositive();
        }
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM read_model.projection_position WHERE "
                + "projection = '" + projection + "' AND topic = '" + sent.topic() + "' AND kafka_partition = "
                + sent.partition() + " AND next_offset > " + sent.offset()) == 1);
        assertThat(counters.retries(projection)).isGreaterThan(retries);
        assertThat(counters.events(projection, "failed")).isEqualTo(failed);
        return sent;
    }

    private RecordMetadata send(SpecificRecord event) throws Exception {
        return sendToPartition(producer(), 0, List.of(event)).get(0);
    }

    private void assertNoDeadLetter(RecordMetadata sent) {
        assertThat(deadLettersOf(bootstrap, sent)).isEmpty();
    }

    private void awaitCount(String sql, long expected) {
        await().atMost(WAIT).until(() -> count(sql) == expected);
    }

}
