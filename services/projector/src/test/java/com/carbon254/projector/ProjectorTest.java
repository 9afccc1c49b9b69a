package com.carbon254.projector;

import static com.carbon254.projector.ProjectorTestSupport.publish;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import com.carbon254.api.runtime.security.Roles;
import com.carbon254.devstack.testing.EmbeddedStackResource;
import com.carbon254.devstack.testing.TestTokens;
import com.carbon254.events.runtime.DeadLetters;
import com.carbon254.readmodel.DatasetVersionNotices;
import com.carbon254.projector.datasets.DatasetAttributes;
import com.carbon254.projector.datasets.DatasetChange;
import com.carbon254.projector.datasets.DatasetChanges;
import com.carbon254.projector.datasets.DatasetFold;
import com.carbon254.projector.datasets.DatasetState;
import com.carbon254.projector.datasets.store.DatasetReadModelStore;
import com.carbon254.projector.datasets.store.ReadModelTables;
import com.carbon254.projector.pipeline.PositionStore;
import com.carbon254.projector.pipeline.SourcePosition;
import com.carbon254.projector.pipeline.monitoring.ProjectionLagMonitor;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The projector against the real embedded stack (Kafka, Apicurio, PostgreSQL, search): events published in the
 * real wire format, read models and index checked directly.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedStackResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProjectorTest extends EmbeddedStackTest {

    /** An operator: the admin API requires platform:admin. */
    private static final String ADMIN = TestTokens.forRoles(Roles.PLATFORM_ADMIN);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    DatasetReadModelStore store;

    @Inject
    PositionStore positions;

    @Inject
    ProjectionLagMonitor lag;

    @Inject
    RestClient search;

    @Test
    @Order(1)
    void projectsEventsIntoTheReadModelAndTheIndex() throws Exception {
        publish(producer(), List.of(TestEvents.created("p-basic", "team-a"), TestEvents.updated("p-basic", 2, "team-b")));

        DatasetState state = awaitVersion("p-basic", 2);
        assertThat(state.attributes().owner()).isEqualTo("team-b");
        assertThat(state.attributes().tags()).containsExactly("t1", "v2");
        assertThat(state.createdBy()).isEqualTo("alice");
        assertThat(state.updatedBy()).isEqualTo("bob");
        assertThat(JSON.readTree(state.attributes().columnsJson()).get(1).get("name").asText()).isEqualTo("c2");
        assertThat(history("p-basic")).containsExactly(1L, 2L);

        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode doc = document("p-basic");
            assertThat(doc.path("_version").asLong()).isEqualTo(2);
            assertThat(doc.path("_source").path("owner").asText()).isEqualTo("team-b");
        });

        // Deleted: a tombstone in PostgreSQL, gone from the index
        publish(producer(), List.of(TestEvents.deleted("p-basic", 3)));
        assertThat(awaitVersion("p-basic", 3).deleted()).isTrue();
        await().atMost(WAIT).untilAsserted(() -> assertThat(document("p-basic").path("found").asBoolean()).isFalse());
    }

    @Test
    @Order(1)
    void aCommittedBatchAnnouncesTheVersionsItMadeVisible() throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl, dbUser, dbPassword); Statement listen = c.createStatement()) {
            listen.execute("LISTEN " + DatasetVersionNotices.CHANNEL);
            PGConnection notices = c.unwrap(PGConnection.class);
            publish(producer(), List.of(TestEvents.created("p-announced", "team-a"),
                    TestEvents.updated("p-announced", 2, "team-a")));

            Map<String, Long> announced = new HashMap<>();
            await().atMost(WAIT).until(() -> {
                for (PGNotification notice : notices.getNotifications(500)) {
                    DatasetVersionNotices.parse(notice.getParameter()).forEach((id, v) -> announced.merge(id, v, Math::max));
                }
                return announced.getOrDefault("p-announced", 0L) >= 2;
            });
            // Sent in the batch's transaction: delivered after its commit, so the versions are readable at once.
            assertThat(history("p-announced")).containsExactly(1L, 2L);
        }
    }

    @Test
    @Order(2)
    void duplicatesAndReorderingDoNotChangeTheResult() throws Exception {
        ProjectionCounters counters = new ProjectionCounters(registry);
        double duplicates = counters.events(ReadModelTables.LIVE_PROJECTION, "duplicate");
        double stale = counters.events(ReadModelTables.LIVE_PROJECTION, "stale");
        // in order, for reference
        publish(producer(), List.of(TestEvents.created("p-ordered", "team-a"), TestEvents.updated("p-ordered", 2, "team-a"),
                TestEvents.updated("p-ordered", 3, "team-c")));
        // v1, v3, v2, v2 (redelivered), v1 (redelivered), v3 (redelivered)
        publish(producer(), List.of(TestEvents.created("p-shuffled", "team-a"), TestEvents.updated("p-shuffled", 3, "team-c"),
                TestEvents.updated("p-shuffled", 2, "team-a"), TestEvents.updated("p-shuffled", 2, "team-a"),
                TestEvents.created("p-shuffled", "team-a"), TestEvents.updated("p-shuffled", 3, "team-c")));

        DatasetState ordered = awaitVersion("p-ordered", 3);
        await().atMost(WAIT).until(() -> history("p-shuffled").size() == 3);
        DatasetState shuffled = awaitVersion("p-shuffled", 3);

        assertThat(shuffled.attributes()).usingRecursiveComparison().ignoringFields("name", "location")
                .isEqualTo(ordered.attributes());
        assertThat(shuffled.updatedAt()).isEqualTo(ordered.updatedAt());
        assertThat(shuffled.createdBy()).isEqualTo(ordered.createdBy());
        assertThat(history("p-shuffled")).containsExactly(1L, 2L, 3L);
        assertThat(counters.events(ReadModelTables.LIVE_PROJECTION, "duplicate") - duplicates).isGreaterThanOrEqualTo(3);
        assertThat(counters.events(ReadModelTables.LIVE_PROJECTION, "stale") - stale).isGreaterThanOrEqualTo(1);
        await().atMost(WAIT).untilAsserted(() -> assertThat(document("p-shuffled").path("_version").asLong()).isEqualTo(3));
    }

    @Test
    @Order(3)
    void poisonRecordsGoToTheDeadLetterTopicAndLaterEventsAreApplied() throws Exception {
        ProjectionCounters counters = new ProjectionCounters(registry);
        double failed = counters.events(ReadModelTables.LIVE_PROJECTION, "failed");
        try (KafkaProducer<String, byte[]> raw = ProjectorTestSupport.rawProducer(bootstrap)) {
            // same key, so same partition as the good event that follows it
            raw.send(new ProducerRecord<>("data-events", "p-poison", "{not an event".getBytes(StandardCharsets.UTF_8))).get();
        }
        publish(producer(), List.of(TestEvents.created("p-poison", "team-p"),
                // an update after the dataset's deletion cannot follow its last event: rejected, dead-lettered
                TestEvents.deleted("p-poison", 2), TestEvents.updated("p-poison", 3, "team-p")));
        publish(producer(), List.of(TestEvents.created("p-after-poison", "team-p")));

        assertThat(awaitVersion("p-poison", 2).deleted()).isTrue();
        awaitVersion("p-after-poison", 1);
        await().atMost(WAIT).untilAsserted(() -> {
            List<String> reasons = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> dead : ProjectorTestSupport.readAll(bootstrap, "data-events.dlq")) {
                var key = dead.key() == null ? "" : new String(dead.key(), StandardCharsets.UTF_8);
                var reason = dead.headers().lastHeader(DeadLetters.REASON);
                if (key.equals("p-poison") && reason != null) {
                    reasons.add(new String(reason.value(), StandardCharsets.UTF_8));
                }
            }
            assertThat(reasons).anySatisfy(r -> assertThat(r).contains("undeserializable"));
            assertThat(reasons).anySatisfy(r -> assertThat(r).contains("was deleted at version 2"));
        });
        assertThat(history("p-poison")).containsExactly(1L, 2L);
        assertThat(counters.events(ReadModelTables.LIVE_PROJECTION, "failed") - failed).isGreaterThanOrEqualTo(2);
    }

    @Test
    @Order(4)
    void aBatchKilledBeforeItsCommitIsReappliedExactlyOnce() throws Exception {
        ProjectionCounters counters = new ProjectionCounters(registry);
        double retries = counters.retries(ReadModelTables.LIVE_PROJECTION);
        List<SpecificRecord> events = new ArrayList<>();
        for (int d = 0; d < 5; d++) {
            String id = "p-crash-" + d;
            events.add(TestEvents.created(id, "team-k"));
            for (long v = 2; v <= 4; v++) {
                events.add(TestEvents.updated(id, v, "team-k" + v));
            }
        }
        // The batch's transaction waits for the test's lock on the dataset table, every read done, and is cut off
        // there, twice: the worst moment for a crash.
        try (DatabaseFaults db = databaseFaults()) {
            db.lockTable("read_model.dataset");
            publish(producer(), events);
            for (int kill = 0; kill < 2; kill++) {
                await().atMost(WAIT).until(() -> !db.waiting().isEmpty());
                assertThat(db.terminateWaiting()).isPositive();
            }
        }
        for (int d = 0; d < 5; d++) {
            awaitVersion("p-crash-" + d, 4);
        }
        assertThat(counters.retries(ReadModelTables.LIVE_PROJECTION) - retries).isGreaterThanOrEqualTo(2);

        // Same read model as an uninterrupted projection of the same events (the fold, applied once, in order)
        Map<String, DatasetState> expected = new HashMap<>();
        for (SpecificRecord event : events) {
            DatasetChange change = DatasetChanges.of(event, new SourcePosition("data-events", 0, 0, null));
            expected.put(change.datasetId(), DatasetFold.apply(expected.get(change.datasetId()), change).state());
        }
        for (int d = 0; d < 5; d++) {
            String id = "p-crash-" + d;
            assertThat(withoutIndexing(state(id))).isEqualTo(withoutIndexing(expected.get(id)));
            assertThat(history(id)).containsExactly(1L, 2L, 3L, 4L);
        }
    }

    @Test
    @Order(5)
    void storedPositionsEqualWhatWasConsumed() throws Exception {
        Map<Integer, Long> ends = ProjectorTestSupport.endOffsets(bootstrap, "data-events");
        await().atMost(WAIT).untilAsserted(() -> {
            Map<Integer, Long> stored = positions.positions(pool, ReadModelTables.LIVE_PROJECTION, "data-events")
                    .await().atMost(Duration.ofSeconds(10));
            ends.forEach((partition, end) -> {
                if (end > 0) {
                    assertThat(stored.get(partition)).as("partition %d", partition).isEqualTo(end);
                }
            });
        });
        assertThat(lag.measureNow().values()).allMatch(l -> l == 0);
        given().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("carbon254_projection_lag_events{"))
                .body(org.hamcrest.Matchers.containsString("carbon254_projection_events_total{"));
        admin().get("/admin/projections/datasets/positions").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    @Order(6)
    void rebuildEqualsLive() throws Exception {
        await().atMost(WAIT).until(() -> lag.measureNow().values().stream().allMatch(l -> l == 0));
        List<DatasetState> before = snapshot();
        long historyBefore = count("SELECT count(*) FROM read_model.dataset_event");

        String id = given().auth().oauth2(TestTokens.forSubject("operator-olga", Roles.PLATFORM_ADMIN))
                .post("/admin/projections/datasets/rebuild").then().statusCode(202)
                .extract().path("id");
        // the live projection keeps serving during the rebuild
        publish(producer(), List.of(TestEvents.created("p-during-rebuild", "team-r")));
        awaitVersion("p-during-rebuild", 1);

        await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> admin().get("/admin/projections/datasets/rebuild/" + id)
                .then().statusCode(200).body("state", org.hamcrest.Matchers.equalTo("COMPLETED")));
        admin().get("/admin/projections/datasets/rebuild/" + id).then()
                .body("eventsDone", org.hamcrest.Matchers.greaterThan(0)).body("generation", org.hamcrest.Matchers.equalTo(2));
        // the rebuild was audited as an AdminOperation of the token's subject, and reached the audit trail
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM read_model.audit_entry WHERE event_type = "
                + "'AdminOperation' AND actor = 'operator-olga' AND action = 'projection.rebuild' "
                + "AND outcome = 'SUCCESS' AND payload -> 'parameters' ->> 'rebuildId' = '" + id + "'") == 1);

        awaitVersion("p-during-rebuild", 1);
        List<DatasetState> after = snapshot();
        assertThat(after).filteredOn(s -> !s.id().equals("p-during-rebuild")).isEqualTo(before);
        assertThat(count("SELECT count(*) FROM read_model.dataset_event")).isEqualTo(historyBefore + 1);

        // the alias now points at the new index, which holds every live dataset
        JsonNode aliases = JSON.readTree(body(search.performRequest(new Request("GET", "/_alias/datasets"))));
        assertThat(aliases.fieldNames()).toIterable().containsExactly("datasets-v2");
        await().atMost(WAIT).untilAsserted(() -> {
            search.performRequest(new Request("POST", "/datasets/_refresh"));
            long docs = JSON.readTree(body(search.performRequest(new Request("GET", "/datasets/_count")))).path("count").asLong();
            assertThat(docs).isEqualTo(count("SELECT count(*) FROM read_model.dataset WHERE NOT deleted"));
        });

        // and the live projection carries on in the new tables
        java.time.Instant mark = java.time.Instant.now();
        publish(producer(), List.of(TestEvents.updated("p-during-rebuild", 2, "team-r")));
        awaitVersion("p-during-rebuild", 2);
        await().atMost(WAIT).until(() -> lag.measureNow().values().stream().allMatch(l -> l == 0));

        // a replay from an instant: history before it re-folded from PostgreSQL, the rest re-read from Kafka
        List<DatasetState> live = snapshot();
        String fromId = admin().queryParam("from", mark.toString()).post("/admin/projections/datasets/rebuild").then()
                .statusCode(202).extract().path("id");
        await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> admin().get("/admin/projections/datasets/rebuild/" + fromId)
                .then().statusCode(200).body("state", org.hamcrest.Matchers.equalTo("COMPLETED")));
        assertThat(snapshot()).isEqualTo(live);
        admin().queryParam("from", "not-a-time").post("/admin/projections/datasets/rebuild").then().statusCode(400);
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private DatasetState state(String id) {
        return store.findDatasets(pool, ReadModelTables.live(), Set.of(id)).await().atMost(Duration.ofSeconds(10)).get(id);
    }

    private DatasetState awaitVersion(String id, long version) {
        return await().atMost(WAIT).until(() -> state(id), s -> s != null && s.version() >= version);
    }

    private List<Long> history(String id) {
        List<Long> versions = new ArrayList<>();
        pool.preparedQuery("SELECT dataset_version FROM read_model.dataset_event WHERE dataset_id = $1 ORDER BY dataset_version")
                .execute(Tuple.of(id)).await().atMost(Duration.ofSeconds(10)).forEach(row -> versions.add(row.getLong(0)));
        return versions;
    }

    private List<DatasetState> snapshot() {
        List<String> ids = new ArrayList<>();
        pool.query("SELECT id FROM read_model.dataset").execute().await().atMost(Duration.ofSeconds(10))
                .forEach(row -> ids.add(row.getString(0)));
        return store.findDatasets(pool, ReadModelTables.live(), ids).await().atMost(Duration.ofSeconds(10)).values()
                .stream().sorted(java.util.Comparator.comparing(DatasetState::id)).map(ProjectorTest::withoutIndexing)
                .toList();
    }

    /** The state without its search bookkeeping, columns JSON in one canonical spelling (jsonb re-spaces it). */
    private static DatasetState withoutIndexing(DatasetState s) {
        var a = s.attributes();
        String columns;
        try {
            columns = JSON.readTree(a.columnsJson()).toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        var attributes = new DatasetAttributes(a.name(), a.description(), a.owner(),
                a.format(), a.location(), a.tags(), columns, a.status());
        return new DatasetState(s.id(), s.version(), attributes, s.createdAt(), s.createdBy(), s.updatedAt(),
                s.updatedBy(), s.deleted(), s.deletedAt(), s.deletedBy(), s.deleteReason(), s.lastEventId());
    }

    private JsonNode document(String id) throws Exception {
        Request request = new Request("GET", "/datasets/_doc/" + id);
        request.setOptions(request.getOptions().toBuilder().setWarningsHandler(w -> false));
        try {
            return JSON.readTree(body(search.performRequest(request)));
        } catch (org.elasticsearch.client.ResponseException e) {
            return JSON.readTree(body(e.getResponse()));
        }
    }

    private static String body(org.elasticsearch.client.Response response) throws Exception {
        return org.apache.http.util.EntityUtils.toString(response.getEntity());
    }

    /** A request with an operator's token. */
    private static RequestSpecification admin() {
        return given().auth().oauth2(ADMIN);
    }
}
