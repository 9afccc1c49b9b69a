package com.carbon254.projector;

import static com.carbon254.projector.ProjectorTestSupport.publish;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import jakarta.inject.Inject;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.carbon254.api.runtime.security.Roles;
import com.carbon254.devstack.testing.EmbeddedStackResource;
import com.carbon254.devstack.testing.TestTokens;
import com.carbon254.events.data.LineageOperation;
import com.carbon254.events.data.TransformationStatus;
import com.carbon254.events.runtime.DeadLetters;
import com.carbon254.events.system.HealthStatus;
import com.carbon254.projector.audit.AuditTrailStore;
import com.carbon254.projector.pipeline.Projection;
import com.carbon254.projector.pipeline.ProjectionRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The table projections of the platform's own state (service health, lineage, audit trail, dead letters), the rebuild
 * of every table projection from rewound positions and the re-drive API against the real embedded stack (the Flink
 * aggregates and transformation runs: {@link AnalyticsReadModelsTest}). Same test resource and profile as {@link ProjectorTest}: one Quarkus app for both.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedStackResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlatformReadModelsTest extends EmbeddedStackTest {

    /** An operator: the admin API requires platform:admin. */
    private static final String ADMIN = TestTokens.forRoles(Roles.PLATFORM_ADMIN);
    /** An operator whose token subject names the actor of a re-drive. */
    private static final String TESTER = TestTokens.forSubject("tester", Roles.PLATFORM_ADMIN);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(90);

    @Inject
    AuditTrailStore auditStore;

    @Inject
    ProjectionRegistry projections;

    @Test
    @Order(2)
    void serviceHealthKeepsTheLatestStatusAndABoundedTimeline() throws Exception {
        Instant t1 = PlatformEvents.T0;
        String degraded = PlatformEvents.newId();
        publish(producer(), List.of(
                PlatformEvents.health(PlatformEvents.newId(), "orders", HealthStatus.HEALTHY, t1),
                PlatformEvents.health(PlatformEvents.newId(), "orders", HealthStatus.HEALTHY, t1.plusSeconds(5)),
                PlatformEvents.health(degraded, "orders", HealthStatus.DEGRADED, t1.plusSeconds(10)),
                // older than what is stored: not applied, no transition
                PlatformEvents.health(PlatformEvents.newId(), "orders", HealthStatus.UNHEALTHY, t1.minusSeconds(60)),
                PlatformEvents.health(degraded, "orders", HealthStatus.DEGRADED, t1.plusSeconds(10)),
                PlatformEvents.deployment("orders", "1.4.0", t1.plusSeconds(20)),
                PlatformEvents.configChange("orders", "db.password", "hunter2", "s3cret", true, t1.plusSeconds(30)),
                PlatformEvents.configChange("orders", "pool.size", "8", "16", false, t1.plusSeconds(31))));
        poison("config-changes", "orders");
        List<SpecificRecord> deployments = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            deployments.add(PlatformEvents.deployment("bounded", "2." + i + ".0", t1.plusSeconds(i)));
        }
        publish(producer(), deployments);

        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM read_model.service_timeline "
                + "WHERE service_name = 'orders'") == 5);
        Row status = one("SELECT * FROM read_model.service_status WHERE namespace = 'prod' AND service_name = 'orders'");
        assertThat(status.getString("health_status")).isEqualTo("DEGRADED");
        assertThat(status.getOffsetDateTime("reported_at").toInstant()).isEqualTo(t1.plusSeconds(10));
        assertThat(status.getOffsetDateTime("status_since").toInstant()).isEqualTo(t1.plusSeconds(10));
        assertThat(status.getString("last_event_id")).isEqualTo(degraded);

        List<String> summaries = strings("SELECT kind || ': ' || summary FROM read_model.service_timeline "
                + "WHERE service_name = 'orders' ORDER BY occurred_at");
        assertThat(summaries).containsExactly("HEALTH_TRANSITION: first report: HEALTHY",
                "HEALTH_TRANSITION: HEALTHY -> DEGRADED", "DEPLOYMENT: DEPLOY 1.4.0 SUCCEEDED (3 replicas)",
                "CONFIG_CHANGE: db.password changed (sensitive, values masked) by ops",
                "CONFIG_CHANGE: pool.size: 8 -> 16 by ops");
        String secretDetails = strings("SELECT details::text FROM read_model.service_timeline "
                + "WHERE service_name = 'orders' AND summary LIKE 'db.password%'").get(0);
        assertThat(secretDetails).doesNotContain("hunter2").doesNotContain("s3cret").contains("***");

        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM read_model.service_timeline "
                + "WHERE service_name = 'bounded' AND summary = 'DEPLOY 2.6.0 SUCCEEDED (3 replicas)'") == 1);
        assertThat(strings("SELECT summary FROM read_model.service_timeline WHERE service_name = 'bounded' "
                + "ORDER BY occurred_at")).hasSize(5).first().asString().contains("2.2.0");
        // a poison record on the channel's second topic goes to that topic's own dead-letter topic
        awaitDeadLetter("config-changes.dlq", "orders", "undeserializable");
    }

    @Test
    @Order(3)
    void lineageEdgesFollowEventTime() throws Exception {
        Instant t = PlatformEvents.T0;
        poison("data-lineage", "lin-b");
        publish(producer(), List.of(
                PlatformEvents.lineage("lin-a", "lin-b", "job-1", LineageOperation.ADD, t.plusSeconds(20)),
                PlatformEvents.lineage("lin-a", "lin-b", "job-1", LineageOperation.REMOVE, t.plusSeconds(30)),
                // an older ADD delivered late cannot resurrect the removed edge
                PlatformEvents.lineage("lin-a", "lin-b", "job-1", LineageOperation.ADD, t.plusSeconds(10)),
                PlatformEvents.lineage("lin-b", "lin-c", null, LineageOperation.ADD, t.plusSeconds(10)),
                PlatformEvents.lineage("lin-c", "lin-d", "job-2", LineageOperation.REMOVE, t.plusSeconds(50)),
                PlatformEvents.lineage("lin-c", "lin-d", "job-2", LineageOperation.ADD, t.plusSeconds(40))));

        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM read_model.lineage_edge "
                + "WHERE source_dataset LIKE 'lin-%'") == 3);
        Row removed = one("SELECT * FROM read_model.lineage_edge WHERE source_dataset = 'lin-a'");
        assertThat(removed.getBoolean("removed")).isTrue();
        assertThat(removed.getOffsetDateTime("updated_at").toInstant()).isEqualTo(t.plusSeconds(30));
        assertThat(removed.getString("transformation")).isEqualTo("SELECT * FROM lin-a");
        Row noJob = one("SELECT * FROM read_model.lineage_edge WHERE source_dataset = 'lin-b'");
        assertThat(noJob.getString("job_name")).isEmpty();
        assertThat(noJob.getBoolean("removed")).isFalse();
        assertThat(JSON.readTree(noJob.getJsonObject("metadata").encode()).path("owner").asText()).isEqualTo("data-team");
        // a REMOVE of an unknown edge is a tombstone the older ADD cannot overwrite
        assertThat(one("SELECT removed FROM read_model.lineage_edge WHERE source_dataset = 'lin-c'").getBoolean(0))
                .isTrue();

        // newer ADD brings the edge back
        publish(producer(), List.of(
                PlatformEvents.lineage("lin-a", "lin-b", "job-1", LineageOperation.ADD, t.plusSeconds(40))));
        await().atMost(WAIT).until(() -> !one("SELECT removed FROM read_model.lineage_edge "
                + "WHERE source_dataset = 'lin-a'").getBoolean(0));
        awaitDeadLetter("data-lineage.dlq", "lin-b", "undeserializable");
    }

    @Test
    @Order(4)
    void theAuditTrailIsOneHashChainThatDetectsTampering() throws Exception {
        var user = PlatformEvents.userAction("alice", "dataset.update", "dataset", "ds-1");
        user.setSubmittedBy("service:dataset-command");
        var call = PlatformEvents.apiCall("bob");
        call.setSubmittedBy("bob");
        List<SpecificRecord> events = List.of(user, call, PlatformEvents.dataAccess("carol", "sales.orders"),
                PlatformEvents.adminOperation("dave"), PlatformEvents.security("eve"), user);
        poison("audit-api-calls", "bob");
        publish(producer(), events);
        publish(producer(), List.of(user)); // a producer's retry, later

        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM read_model.audit_entry WHERE actor IN "
                + "('alice', 'bob', 'carol', 'dave', 'eve')") == 5);
        assertThat(strings("SELECT event_type || '|' || actor || '|' || coalesce(submitted_by, '-') || '|' || action "
                + "|| '|' || coalesce(entity, '') || '|' || outcome || '|' || hash_version FROM read_model.audit_entry "
                + "WHERE actor IN ('alice', 'bob', 'carol', 'dave', 'eve') ORDER BY actor")).containsExactly(
                "UserAction|alice|service:dataset-command|dataset.update|dataset/ds-1|SUCCESS|2",
                "ApiCall|bob|bob|GET /datasets|query-api|SUCCESS|2",
                "DataAccess|carol|-|READ|sales.orders|SUCCESS|2",
                "AdminOperation|dave|-|topic.create|data-x|SUCCESS|2",
                "Security|eve|-|login||DENIED|2");
        awaitDeadLetter("audit-api-calls.dlq", "bob", "undeserializable");

        assertThat(brokenChainLinks()).isEmpty();
        assertThat(count("SELECT count(*) FROM read_model.audit_chain_head h WHERE h.seq = "
                + "(SELECT max(seq) FROM read_model.audit_entry) AND h.hash = "
                + "(SELECT hash FROM read_model.audit_entry ORDER BY seq DESC LIMIT 1)")).isEqualTo(1);
        assertThat(count("SELECT max(seq) - min(seq) + 1 - count(*) FROM read_model.audit_entry")).isZero();

        // The trail is append-only: no row changes or goes, whoever asks.
        for (String change : List.of("UPDATE read_model.audit_entry SET actor = 'mallory' WHERE actor = 'alice'",
                "DELETE FROM read_model.audit_entry WHERE actor = 'alice'", "TRUNCATE read_model.audit_entry")) {
            assertThatThrownBy(() -> execute(change, Tuple.tuple())).as(change)
                    .hasMessageContaining("append-only").hasMessageContaining("42501");
        }
        assertThat(count("SELECT count(*) FROM read_model.audit_entry WHERE actor = 'alice'")).isEqualTo(1);

        // Tampering by someone who can switch the trigger off (a superuser) is detected by the recomputation: the
        // actor, the payload, and the submitter (whose absence differs from an empty one).
        String eventId = user.getEventId();
        String dave = strings("SELECT event_id FROM read_model.audit_entry WHERE actor = 'dave'").get(0);
        try (Connection superuser = DriverManager.getConnection(jdbcUrl, dbUser, dbPassword);
                Statement sql = superuser.createStatement()) {
            sql.execute("SET session_replication_role = replica");
            sql.execute("UPDATE read_model.audit_entry SET actor = 'mallory' WHERE event_id = '" + eventId + "'");
            assertThat(brokenChainLinks()).containsExactly(eventId);
            sql.execute("UPDATE read_model.audit_entry SET actor = 'alice' WHERE event_id = '" + eventId + "'");
            assertThat(brokenChainLinks()).isEmpty();
            sql.execute("UPDATE read_model.audit_entry SET submitted_by = '' WHERE event_id = '" + dave + "'");
            assertThat(brokenChainLinks()).containsExactly(dave);
            sql.execute("UPDATE read_model.audit_entry SET submitted_by = NULL WHERE event_id = '" + dave + "'");
            sql.execute("UPDATE read_model.audit_entry SET payload = jsonb_set(payload, '{action}', "
                    + "'\"dataset.delete\"') WHERE event_id = '" + eventId + "'");
            assertThat(brokenChainLinks()).containsExactly(eventId);
            sql.execute("UPDATE read_model.audit_entry SET payload = jsonb_set(payload, '{action}', "
                    + "'\"dataset.update\"') WHERE event_id = '" + eventId + "'");
        }
        assertThat(brokenChainLinks()).isEmpty();
    }

    @Test
    @Order(5)
    void theMonthsAheadHaveTheirPartitions() {
        auditStore.ensurePartitionsAhead(pool).await().atMost(Duration.ofSeconds(30));
        String nextMonth = "audit_entry_" + strings("SELECT to_char(date_trunc('month', now() AT TIME ZONE 'UTC') "
                + "+ interval '1 month', 'YYYY_MM')").get(0);
        assertThat(count("SELECT count(*) FROM pg_class WHERE relname = '" + nextMonth + "'")).isEqualTo(1);
    }

    @Test
    @Order(6)
    void consumingAgainFromRewoundPositionsChangesNothing() throws Exception {
        List<String> table = List.of("ingestion-stats", "quality", "transformations", "service-health", "lineage",
                "audit-trail", "dead-letters");
        for (String projection : table) {
            awaitCaughtUp(projection);
        }
        Map<String, List<String>> before = snapshot();

        // A restart from stored positions, with every record redelivered: positions back to where each partition
        // begins (0, unless another test deleted records: ArchiveReplayTest does), then a rebalance (a second member
        // joins each group and leaves) makes each projection seek to them again.
        for (String projection : table) {
            for (String topic : projections.topics(projection(projection))) {
                ProjectorTestSupport.beginningOffsets(bootstrap, topic).forEach((partition, beginning) -> execute(
                        "UPDATE read_model.projection_position SET next_offset = $4 "
                                + "WHERE projection = $1 AND topic = $2 AND kafka_partition = $3",
                        Tuple.of(projection, topic, partition, beginning)));
            }
        }
        for (String projection : table) {
            Projection<?> channel = projection(projection);
            rebalance(projections.groupId(channel), projections.topics(channel));
        }
        for (String projection : table) {
            awaitCaughtUp(projection);
        }
        assertThat(snapshot()).isEqualTo(before);
        assertThat(brokenChainLinks()).isEmpty();
    }

    @Test
    @Order(7)
    void deadLettersAreStoredAsTheyWereAndReDrivenToTheirTopic() throws Exception {
        RecordMetadata original;
        try (KafkaProducer<String, byte[]> raw = ProjectorTestSupport.rawProducer(bootstrap)) {
            original = raw.send(new ProducerRecord<>("data-lineage", "lin-redrive", GARBAGE)).get();
        }
        Row letter = await().atMost(WAIT).until(() -> optional("SELECT * FROM read_model.dead_letter WHERE "
                + "original_topic = 'data-lineage' AND record_key = 'lin-redrive' AND redriven_at IS NULL "
                + "ORDER BY dlq_offset LIMIT 1"), r -> r != null);
        assertThat(letter.getString("dlq_topic")).isEqualTo("data-lineage.dlq");
        assertThat(letter.getString("reason")).contains("undeserializable");
        assertThat(letter.getInteger("original_partition")).isEqualTo(original.partition());
        assertThat(letter.getLong("original_offset")).isEqualTo(original.offset());
        assertThat(letter.getBuffer("value").getBytes()).isEqualTo(GARBAGE);
        assertThat(letter.getString("value_preview")).isEqualTo("{not an event");
        assertThat(letter.getJsonArray("headers").encode()).contains("dead-letter-reason");
        int partition = letter.getInteger("dlq_partition");
        long offset = letter.getLong("dlq_offset");

        String body = "{\"dlqTopic\": \"data-lineage.dlq\", \"partition\": " + partition + ", \"offsets\": [" + offset
                + "]}";
        JsonNode answer = JSON.readTree(given().auth().oauth2(TESTER).contentType(ContentType.JSON).body(body)
                .post("/admin/dead-letters/redrive").then().statusCode(200).extract().asString());
        JsonNode redriven = answer.path("redriven").get(0);
        assertThat(redriven.path("topic").asText()).isEqualTo("data-lineage");
        int copyPartition = redriven.path("partition").asInt();
        long copyOffset = redriven.path("offset").asLong();

        ConsumerRecord<String, byte[]> copy = recordAt("data-lineage", copyPartition, copyOffset);
        assertThat(copy.key()).isEqualTo("lin-redrive");
        assertThat(copy.value()).isEqualTo(GARBAGE);
        assertThat(new String(copy.headers().lastHeader("redriven-from").value(), StandardCharsets.UTF_8))
                .isEqualTo("data-lineage.dlq/" + partition + "/" + offset);
        copy.headers().forEach(h -> assertThat(h.key()).doesNotStartWith("dead-letter-"));

        Row marked = one("SELECT * FROM read_model.dead_letter WHERE dlq_topic = 'data-lineage.dlq' AND dlq_partition = "
                + partition + " AND dlq_offset = " + offset);
        assertThat(marked.getString("redriven_by")).isEqualTo("tester");
        assertThat(marked.getInteger("redrive_partition")).isEqualTo(copyPartition);
        assertThat(marked.getLong("redrive_offset")).isEqualTo(copyOffset);
        assertThat(marked.getOffsetDateTime("redriven_at")).isNotNull();

        // already re-driven: 409 unless forced; unknown: 404; no selection: 400 with the field
        admin().contentType(ContentType.JSON).body(body).post("/admin/dead-letters/redrive").then().statusCode(409)
                .contentType("application/problem+json");
        String records = "{\"records\": [{\"dlqTopic\": \"data-lineage.dlq\", \"partition\": " + partition
                + ", \"offset\": " + offset + "}], \"force\": true}";
        admin().contentType(ContentType.JSON).body(records).post("/admin/dead-letters/redrive").then().statusCode(200)
                .body("redriven[0].topic", org.hamcrest.Matchers.equalTo("data-lineage"));
        given().auth().oauth2(TESTER).contentType(ContentType.JSON).body("{\"dlqTopic\": \"data-lineage.dlq\", "
                + "\"partition\": 0, \"offsets\": [999999]}").post("/admin/dead-letters/redrive").then().statusCode(404)
                .contentType("application/problem+json").body("instance", org.hamcrest.Matchers.equalTo(
                        "/admin/dead-letters/redrive"));
        admin().contentType(ContentType.JSON).body("{\"offsets\": [-1]}").post("/admin/dead-letters/redrive").then()
                .statusCode(400).body("errors.field", org.hamcrest.Matchers.hasItems("dlqTopic", "partition",
                        "offsets[0]"));

        // each re-drive is audited, and reaches the audit trail
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM read_model.audit_entry WHERE event_type = "
                + "'AdminOperation' AND actor = 'tester' AND action = 'dead-letter.redrive' AND entity = "
                + "'data-lineage.dlq/" + partition + "/" + offset + "'") == 1);
        // and so is the refused one, with its reason
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM read_model.audit_entry WHERE event_type = "
                + "'AdminOperation' AND actor = 'tester' AND action = 'dead-letter.redrive' AND outcome = 'FAILURE' "
                + "AND entity = 'data-lineage.dlq/0/999999' AND payload ->> 'reason' LIKE 'no dead letter at%'") == 1);
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    @Order(8)
    void aRetentionCutIsAnAuditedOperationAfterWhichTheChainStillVerifies() throws Exception {
        String expired = strings("SELECT read_model.audit_ensure_partition(now() - interval '400 days')").get(0);
        execute("INSERT INTO read_model.audit_event_seen (event_id, recorded_at) VALUES ('ancient', "
                + "now() - interval '400 days') ON CONFLICT DO NOTHING", Tuple.tuple());
        awaitCaughtUp("audit-trail");
        Row last = one("SELECT seq FROM read_model.audit_entry ORDER BY seq DESC LIMIT 1");
        long entries = count("SELECT count(*) FROM read_model.audit_entry");
        // The end of the current month: the cut takes every entry so far (tests allow cutting recent months).
        String before = strings("SELECT to_char(date_trunc('month', now() AT TIME ZONE 'UTC') + interval '1 month', "
                + "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')").get(0);

        JsonNode cut = JSON.readTree(given().auth().oauth2(TESTER).header("X-Correlation-Id", "cut-1")
                .queryParam("before", before).post("/admin/audit/retention-cut").then().statusCode(200)
                .extract().asString());
        long anchorSeq = cut.path("anchorSeq").asLong();
        // Entries may have been appended meanwhile (the audit of earlier calls): they went too.
        assertThat(anchorSeq).isGreaterThanOrEqualTo(last.getLong("seq"));
        assertThat(cut.path("removedEntries").asLong()).isGreaterThanOrEqualTo(entries);
        assertThat(cut.path("droppedPartitions").toString()).contains(expired);
        assertThat(count("SELECT count(*) FROM read_model.audit_entry WHERE seq <= " + anchorSeq)).isZero();
        assertThat(count("SELECT count(*) FROM pg_class WHERE relname = '" + expired + "'")).isZero();
        assertThat(count("SELECT count(*) FROM read_model.audit_event_seen WHERE event_id = 'ancient'")).isZero();
        assertThat(count("SELECT count(*) FROM read_model.audit_chain_anchor WHERE seq = " + anchorSeq
                + " AND encode(hash, 'hex') = '" + cut.path("anchorHash").asText() + "' AND cut_by = 'tester'"))
                .isEqualTo(1);

        // The cut is audited; its entry is the first of the trail now, and links to the anchor.
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM read_model.audit_entry WHERE event_type = "
                + "'AdminOperation' AND actor = 'tester' AND action = 'audit.retention-cut' AND outcome = 'SUCCESS' "
                + "AND payload -> 'parameters' ->> 'anchorSeq' = '" + anchorSeq + "'") == 1);
        assertThat(count("SELECT count(*) FROM read_model.audit_entry e JOIN read_model.audit_chain_anchor a "
                + "ON e.prev_hash = a.hash AND e.seq = a.seq + 1 WHERE e.seq = (SELECT min(seq) FROM "
                + "read_model.audit_entry)")).isEqualTo(1);
        assertThat(brokenChainLinks()).isEmpty();
        // The anchors are append-only too.
        assertThatThrownBy(() -> execute("DELETE FROM read_model.audit_chain_anchor", Tuple.tuple()))
                .hasMessageContaining("append-only");

        // A cut of entries younger than the minimum retention is refused (and audited), as is a malformed instant.
        admin().queryParam("before", Instant.now().plus(Duration.ofDays(100)).toString())
                .post("/admin/audit/retention-cut").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("before"));
        admin().queryParam("before", "last-year").post("/admin/audit/retention-cut").then().statusCode(400);
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM read_model.audit_entry WHERE action = "
                + "'audit.retention-cut' AND outcome = 'FAILURE'") >= 1);
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    /** Event ids of the entries whose stored hash or link the recomputation with audit_entry_hash contradicts. */
    private List<String> brokenChainLinks() {
        return strings("SELECT event_id FROM (SELECT event_id, seq, hash, prev_hash, "
                + "lag(hash) OVER (ORDER BY seq) AS previous_hash, lag(seq) OVER (ORDER BY seq) AS previous_seq, "
                + "read_model.audit_entry_computed_hash(e) AS recomputed FROM read_model.audit_entry e) c "
                + "WHERE c.hash <> c.recomputed OR (c.previous_seq IS NOT NULL AND "
                + "(c.prev_hash <> c.previous_hash OR c.seq <> c.previous_seq + 1)) ORDER BY seq");
    }

    private Projection<?> projection(String name) {
        return projections.all().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    private void awaitCaughtUp(String projection) {
        Projection<?> channel = projection(projection);
        await().atMost(WAIT).untilAsserted(() -> {
            for (String topic : projections.topics(channel)) {
                Map<Integer, Long> ends = ProjectorTestSupport.endOffsets(bootstrap, topic);
                Map<Integer, Long> stored = new HashMap<>();
                pool.preparedQuery("SELECT kafka_partition, next_offset FROM read_model.projection_position "
                                + "WHERE projection = $1 AND topic = $2")
                        .execute(Tuple.of(projection, topic)).await().atMost(Duration.ofSeconds(10))
                        .forEach(r -> stored.put(r.getInteger(0), r.getLong(1)));
                ends.forEach((partition, end) -> {
                    if (end > 0) {
                        assertThat(stored.get(partition)).as("%s %s-%d", projection, topic, partition)
                                .isEqualTo(end);
                    }
                });
            }
        });
    }

    /** Joins a consumer group until this member owns partitions, then leaves: two rebalances for the group. */
    private void rebalance(String groupId, List<String> topics) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<byte[], byte[]> member = new KafkaConsumer<>(props)) {
            member.subscribe(topics);
            await().atMost(WAIT).until(() -> {
                member.poll(Duration.ofMillis(200));
                return !member.assignment().isEmpty();
            });
        }
    }

    private Map<String, List<String>> snapshot() {
        Map<String, List<String>> tables = new HashMap<>();
        for (String table : List.of("ingestion_window", "quality_window", "transformation_run", "service_status",
                "service_timeline", "lineage_edge", "audit_entry", "audit_chain_head")) {
            tables.put(table, strings("SELECT t::text FROM read_model." + table + " t ORDER BY t::text"));
        }
        // A redelivered poison record is dead-lettered again (at least once): a second copy of the same original
        // record on its dead-letter topic, nothing else.
        tables.put("dead_letter", strings("SELECT DISTINCT original_topic || '/' || original_partition || '/' || "
                + "original_offset || ' ' || reason AS d FROM read_model.dead_letter ORDER BY d"));
        return tables;
    }

    private ConsumerRecord<String, byte[]> recordAt(String topic, int partition, long offset) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
            TopicPartition tp = new TopicPartition(topic, partition);
            consumer.assign(List.of(tp));
            consumer.seek(tp, offset);
            return await().atMost(WAIT).until(() -> {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.offset() == offset) {
                        return r;
                    }
                }
                return null;
            }, r -> r != null);
        }
    }

    private void execute(String sql, Tuple args) {
        pool.preparedQuery(sql).execute(args).await().atMost(Duration.ofSeconds(10));
    }

    /** A request with an operator's token. */
    private static RequestSpecification admin() {
        return given().auth().oauth2(ADMIN);
    }
}
