package com.carbon254.projector;

import static com.carbon254.projector.ProjectorTestSupport.publish;
import static com.carbon254.projector.ReplayCalls.admin;
import static com.carbon254.projector.ReplayCalls.mark;
import static com.carbon254.projector.ReplayCalls.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.carbon254.devstack.testing.EmbeddedStackResource;
import com.carbon254.events.data.LineageOperation;
import com.carbon254.events.data.TransformationStatus;
import com.carbon254.events.system.HealthStatus;
import com.carbon254.projector.pipeline.Projection;
import com.carbon254.projector.pipeline.ProjectionRegistry;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The replay of every read model against the real embedded stack: rows corrupted by SQL are rebuilt from the events by
 * a replay from the beginning, while events that arrive meanwhile are projected once; a replay from an instant or from
 * offsets keeps the rows older records wrote as they were; the audit trail's replay verifies the chain and appends only
 * what it lacks; bad starts are refused field by field, and one replay runs at a time per read model. (The dataset read
 * model's replay, with its search index: {@link ProjectorTest}.) Same test resource and profile as the others.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedStackResource.class)
class ReplayTest extends EmbeddedStackTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Instant W = Instant.parse("2025-07-01T00:00:00Z");

    @Inject
    ProjectionRegistry projections;

    @Test
    void windowsAreRebuiltFromTheirEventsAndAReplayFromAnInstantKeepsOlderRows() throws Exception {
        String ingestion = "SELECT dataset_name || '|' || update_sequence || '|' || event_count || '|' "
                + "|| total_record_count FROM read_model.ingestion_window WHERE dataset_name LIKE 'rp-in-%' ORDER BY 1";
        String quality = "SELECT dataset_name || '|' || update_sequence || '|' || checks || '|' || passed || '|' "
                + "|| failed_checks::text FROM read_model.quality_window WHERE dataset_name LIKE 'rp-q-%' ORDER BY 1";
        publish(producer(), List.of(PlatformEvents.window("rp-in-a", W, 1, 10), PlatformEvents.window("rp-in-a", W, 2, 20),
                PlatformEvents.window("rp-in-b", W, 1, 5),
                PlatformEvents.quality("rp-q-a", W, 1, 4, 3, 0, List.of("unique-key")),
                PlatformEvents.quality("rp-q-b", W, 0, 2, 2, 0, List.of())));
        await().atMost(WAIT).until(() -> strings(ingestion).size() == 2 && strings(quality).size() == 2
                && strings(ingestion).contains("rp-in-a|2|20|2000"));
        List<String> ingestionBefore = strings(ingestion);
        List<String> qualityBefore = strings(quality);

        // Corrupted rows, some of which the live guards would never repair (a higher update_sequence).
        execute("UPDATE read_model.ingestion_window SET event_count = 999 WHERE dataset_name = 'rp-in-a'");
        execute("DELETE FROM read_model.ingestion_window WHERE dataset_name = 'rp-in-b'");
        execute("UPDATE read_model.quality_window SET passed = 0, update_sequence = 7 WHERE dataset_name = 'rp-q-a'");

        // Both replays at once (one per read model), while new windows arrive.
        String ingestionRun = start("ingestion-stats");
        String qualityRun = start("quality");
        publish(producer(), List.of(PlatformEvents.window("rp-in-c", W, 1, 7),
                PlatformEvents.quality("rp-q-c", W, 0, 1, 1, 0, List.of())));
        awaitCompleted("ingestion-stats", ingestionRun);
        awaitCompleted("quality", qualityRun);
        List<String> ingestionExpected = new ArrayList<>(ingestionBefore);
        ingestionExpected.add("rp-in-c|1|7|700");
        List<String> qualityExpected = new ArrayList<>(qualityBefore);
        qualityExpected.add("rp-q-c|0|1|1|{}");
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(strings(ingestion)).isEqualTo(ingestionExpected);
            assertThat(strings(quality)).isEqualTo(qualityExpected);
        });
        // the new generation is the live table under its name; nothing else is left of the replay
        assertThat(count("SELECT count(*) FROM pg_class WHERE relname ~ '^(ingestion|quality)_window_(rebuild|retired)_'"
                + " AND relkind = 'r'")).isZero();
        assertThat(count("SELECT count(*) FROM read_model.projection_position WHERE projection LIKE '%#rebuild-%'"))
                .isZero();
        assertThat(count("SELECT generation FROM read_model.projection_generation WHERE projection = 'quality'"))
                .isGreaterThan(1);

        // A replay from an instant rebuilds what the records from then on wrote, and keeps the older rows as they are.
        Instant mark = mark();
        publish(producer(), List.of(PlatformEvents.window("rp-in-e", W, 1, 3)));
        await().atMost(WAIT).until(() -> strings(ingestion).contains("rp-in-e|1|3|300"));
        execute("UPDATE read_model.ingestion_window SET event_count = 111 WHERE dataset_name IN ('rp-in-a', 'rp-in-e')");
        awaitCompleted("ingestion-stats", start("ingestion-stats", "from", mark.toString()));
        assertThat(strings(ingestion)).contains("rp-in-a|2|111|2000", "rp-in-e|1|3|300");
    }

    @Test
    void serviceHealthIsRebuiltFromTheBeginningAndFromOffsets() throws Exception {
        Instant t = Instant.parse("2025-07-02T10:00:00Z");
        String status = ReplayCalls.serviceStatusRows("rp-svc-");
        String timeline = ReplayCalls.serviceTimelineRows("rp-svc-");
        publish(producer(), List.of(
                PlatformEvents.health(PlatformEvents.newId(), "rp-svc-kept", HealthStatus.HEALTHY, t),
                PlatformEvents.health(PlatformEvents.newId(), "rp-svc-kept", HealthStatus.DEGRADED, t.plusSeconds(10)),
                PlatformEvents.deployment("rp-svc-kept", "1.0.0", t.plusSeconds(20)),
                PlatformEvents.health(PlatformEvents.newId(), "rp-svc-cont", HealthStatus.HEALTHY, t),
                PlatformEvents.health(PlatformEvents.newId(), "rp-svc-cont", HealthStatus.DEGRADED, t.plusSeconds(10))));
        await().atMost(WAIT).until(() -> strings(timeline).size() == 5 && strings(status).size() == 2);
        List<String> statusBefore = strings(status);
        List<String> timelineBefore = strings(timeline);

        execute("UPDATE read_model.service_status SET health_status = 'UNKNOWN' WHERE service_name = 'rp-svc-kept'");
        execute("DELETE FROM read_model.service_timeline WHERE service_name = 'rp-svc-cont' AND summary LIKE 'first%'");
        String run = start("service-health");
        var deployment = PlatformEvents.deployment("rp-svc-cont", "2.0.0", t.plusSeconds(30));
        publish(producer(), List.of(deployment));
        awaitCompleted("service-health", run);
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(strings(status)).isEqualTo(statusBefore);
            assertThat(strings(timeline)).hasSize(6).containsAll(timelineBefore)
                    .contains("rp-svc-cont|DEPLOYMENT|DEPLOY 2.0.0 SUCCEEDED (3 replicas)|"
                            + one("SELECT '" + t.plusSeconds(30) + "'::timestamptz::text").getString(0) + "|"
                            + deployment.getEventId());
        });

        // From offsets (system-health's ends now; its other topics not named, so not read again): the services whose
        // status later heartbeats wrote are rebuilt, carrying on from the transitions before the start; the others
        // are kept as they are.
        List<String> offsets = new ArrayList<>();
        ProjectorTestSupport.endOffsets(bootstrap, "system-health")
                .forEach((partition, end) -> offsets.add("system-health:" + partition + ":" + end));
        publish(producer(), List.of(
                PlatformEvents.health(PlatformEvents.newId(), "rp-svc-cont", HealthStatus.DEGRADED, t.plusSeconds(40)),
                PlatformEvents.health(PlatformEvents.newId(), "rp-svc-new", HealthStatus.HEALTHY, t.plusSeconds(40)),
                PlatformEvents.health(PlatformEvents.newId(), "rp-svc-new", HealthStatus.UNHEALTHY, t.plusSeconds(50))));
        String at40 = one("SELECT '" + t.plusSeconds(40) + "'::timestamptz::text").getString(0);
        await().atMost(WAIT).until(() -> strings(status).stream().filter(s -> s.startsWith("rp-svc-cont|DEGRADED|"
                + "degraded|" + at40) || s.startsWith("rp-svc-new|UNHEALTHY|")).count() == 2);
        List<String> statusLive = strings(status);
        List<String> timelineLive = strings(timeline);
        execute("UPDATE read_model.service_status SET message = 'corrupt' WHERE service_name LIKE 'rp-svc-%'");
        List<String> parameters = new ArrayList<>();
        offsets.forEach(offset -> parameters.addAll(List.of("offset", offset)));
        awaitCompleted("service-health", start("service-health", parameters.toArray(String[]::new)));
        List<String> expected = new ArrayList<>();
        for (String row : statusLive) {
            expected.add(row.startsWith("rp-svc-kept|") ? row.replace("|degraded|", "|corrupt|") : row);
        }
        assertThat(strings(status)).isEqualTo(expected);
        assertThat(strings(timeline)).isEqualTo(timelineLive);
    }

    @Test
    void lineageAndTransformationRunsAreRebuiltTogether() throws Exception {
        Instant t = Instant.parse("2025-07-03T10:00:00Z");
        String edges = "SELECT source_dataset || '>' || target_dataset || '|' || job_name || '|' || origin || '|' "
                + "|| removed || '|' || coalesce(run_id, '-') || '|' || first_seen_at || '|' || updated_at || '|' "
                + "|| last_event_id FROM read_model.lineage_edge WHERE source_dataset LIKE 'rp-l-%' ORDER BY 1";
        String runs = "SELECT job_name || '|' || run_id || '|' || status || '|' || input_datasets::text || '|' "
                + "|| output_dataset || '|' || records_out || '|' || finished_at || '|' || last_event_id "
                + "FROM read_model.transformation_run WHERE job_name = 'rp-job' ORDER BY 1";
        publish(producer(), List.of(
                PlatformEvents.lineage("rp-l-a", "rp-l-b", "job", LineageOperation.ADD, t.plusSeconds(10)),
                PlatformEvents.lineage("rp-l-a", "rp-l-b", "job", LineageOperation.REMOVE, t.plusSeconds(20)),
                PlatformEvents.lineage("rp-l-b", "rp-l-c", null, LineageOperation.ADD, t.plusSeconds(10)),
                PlatformEvents.transformation("rp-job", "run-1", List.of("rp-l-x"), "rp-l-y", TransformationStatus.SUCCESS,
                        t),
                PlatformEvents.transformation("rp-job", "run-2", List.of("rp-l-x", "rp-l-z"), "rp-l-y",
                        TransformationStatus.PARTIAL, t.plusSeconds(60))));
        await().atMost(WAIT).until(() -> strings(edges).size() == 4 && strings(runs).size() == 2 && strings(edges)
                .stream().anyMatch(e -> e.startsWith("rp-l-a>rp-l-b|job|data-lineage|true|")));
        List<String> edgesBefore = strings(edges);
        List<String> runsBefore = strings(runs);

        execute("UPDATE read_model.lineage_edge SET removed = NOT removed WHERE source_dataset = 'rp-l-a'");
        execute("UPDATE read_model.lineage_edge SET run_id = 'bogus' WHERE source_dataset = 'rp-l-z'");
        execute("DELETE FROM read_model.transformation_run WHERE job_name = 'rp-job' AND run_id = 'run-1'");
        String run = start("lineage");
        publish(producer(), List.of(
                PlatformEvents.lineage("rp-l-c", "rp-l-d", "job", LineageOperation.ADD, t.plusSeconds(30)),
                PlatformEvents.transformation("rp-job", "run-3", List.of("rp-l-y"), "rp-l-w",
                        TransformationStatus.SUCCESS, t.plusSeconds(90))));
        awaitCompleted("lineage", run);
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(strings(edges)).hasSize(edgesBefore.size() + 2).containsAll(edgesBefore)
                    .anyMatch(e -> e.startsWith("rp-l-c>rp-l-d|job|data-lineage|false|"))
                    .anyMatch(e -> e.startsWith("rp-l-y>rp-l-w|rp-job|data-transformation|false|run-3|"));
            assertThat(strings(runs)).hasSize(3).containsAll(runsBefore);
        });
        assertThat(count("SELECT count(*) FROM pg_class WHERE relname ~ '^(lineage_edge|transformation_run)_"
                + "(rebuild|retired)_' AND relkind = 'r'")).isZero();
    }

    @Test
    void theAuditTrailReplayVerifiesTheChainAndAppendsOnlyWhatTheTrailLacks() throws Exception {
        String actor = "rp-auditor-" + PlatformEvents.newId().substring(0, 8);
        awaitCaughtUp("audit-trail");
        Instant mark = mark();
        var first = PlatformEvents.userAction(actor, "replay.check", "dataset", "rp-1");
        publish(producer(), List.of(first, PlatformEvents.userAction(actor, "replay.check", "dataset", "rp-2"),
                PlatformEvents.userAction(actor, "replay.check", "dataset", "rp-3")));
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM read_model.audit_entry WHERE actor = '" + actor
                + "'") == 3);
        long kept = count("SELECT min(seq) - 1 FROM read_model.audit_entry WHERE actor = '" + actor + "'");
        List<String> prefix = strings("SELECT seq || ':' || encode(hash, 'hex') FROM read_model.audit_entry "
                + "WHERE seq <= " + kept + " ORDER BY seq");

        // The trail loses its tail (as after a restore of an older backup while the positions moved on).
        List<String> lost;
        try (Connection superuser = DriverManager.getConnection(jdbcUrl, dbUser, dbPassword);
                Statement sql = superuser.createStatement()) {
            superuser.setAutoCommit(false);
            sql.execute("SELECT 1 FROM read_model.audit_chain_head FOR UPDATE");
            sql.execute("SET LOCAL session_replication_role = replica");
            lost = new ArrayList<>();
            try (var rows = sql.executeQuery("SELECT event_id FROM read_model.audit_entry WHERE seq > " + kept)) {
                while (rows.next()) {
                    lost.add(rows.getString(1));
                }
            }
            sql.execute("DELETE FROM read_model.audit_event_seen WHERE event_id IN (SELECT event_id FROM "
                    + "read_model.audit_entry WHERE seq > " + kept + ")");
            sql.execute("DELETE FROM read_model.audit_entry WHERE seq > " + kept);
            sql.execute("UPDATE read_model.audit_chain_head SET seq = " + kept + ", hash = coalesce((SELECT hash FROM "
                    + "read_model.audit_entry WHERE seq = " + kept + "), (SELECT hash FROM read_model.audit_chain_start()))");
            superuser.commit();
        }
        assertThat(lost).contains(first.getEventId());

        // From the instant before they were published: what the trail lacks comes back, once, at the head of the chain,
        // and so does an event that arrives meanwhile; nothing before is rewritten.
        String run = start("audit-trail", "from", mark.toString());
        var meanwhile = PlatformEvents.userAction(actor, "replay.check", "dataset", "rp-4");
        publish(producer(), List.of(meanwhile));
        awaitCompleted("audit-trail", run);
        List<String> expected = new ArrayList<>(lost);
        expected.add(meanwhile.getEventId());
        await().atMost(WAIT).untilAsserted(() -> assertThat(strings("SELECT event_id FROM read_model.audit_entry "
                + "WHERE event_id = ANY('{" + String.join(",", expected) + "}')")).containsExactlyInAnyOrderElementsOf(
                        expected));
        assertThat(strings("SELECT seq || ':' || encode(hash, 'hex') FROM read_model.audit_entry WHERE seq <= " + kept
                + " ORDER BY seq")).isEqualTo(prefix);
        assertThat(brokenChainLinks()).isEmpty();

        // A changed trail is not appended to: the replay fails, naming the entry.
        String changed = "UPDATE read_model.audit_entry SET actor = '%s' WHERE event_id = '" + first.getEventId() + "'";
        try (Connection superuser = DriverManager.getConnection(jdbcUrl, dbUser, dbPassword);
                Statement sql = superuser.createStatement()) {
            sql.execute("SET session_replication_role = replica");
            sql.execute(changed.formatted("mallory"));
            String failing = start("audit-trail");
            await().atMost(WAIT).untilAsserted(() -> admin().get("/admin/projections/audit-trail/rebuild/" + failing)
                    .then().statusCode(200).body("state", equalTo("FAILED"))
                    .body("error", containsString("does not verify at entry")));
            sql.execute(changed.formatted(actor));
        }
        assertThat(brokenChainLinks()).isEmpty();
    }

    @Test
    void badStartsAreRefusedFieldByFieldAndOneReplayRunsAtATimePerReadModel() throws Exception {
        String quality = "/admin/projections/quality/rebuild";
        admin().post("/admin/projections/nothing/rebuild").then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString("ingestion-stats"));
        admin().queryParam("from", Instant.now().plus(Duration.ofDays(1)).toString()).post(quality).then()
                .statusCode(400).body("errors.field", hasItem("from"));
        admin().queryParam("from", Instant.now().toString()).queryParam("offset", "data-quality-aggregated:0:0")
                .post(quality).then().statusCode(400).body("errors.field", hasItem("offset"));
        admin().queryParam("offset", "data-quality-aggregated:0:0").queryParam("offset", "nonsense").post(quality)
                .then().statusCode(400).body("errors[0].field", equalTo("offset[1]"));
        admin().queryParam("offset", "system-health:0:0").queryParam("offset", "data-quality-aggregated:99:0")
                .queryParam("offset", "data-quality-aggregated:0:999999999").post(quality).then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", org.hamcrest.Matchers.contains("offset[0]", "offset[1]", "offset[2]"))
                .body("errors.problem", hasItem(containsString("is not a topic of quality")))
                .body("errors.problem", hasItem(containsString("has no partition 99")))
                .body("errors.problem", hasItem(containsString("holds offsets")));

        // While a replay of quality waits to switch (the test holds the live table, which a window published now also
        // waits for), a second one is refused; another read model's replay is not held up. Once the table is free, the
        // live projection and the replay both move on, and the window is in the read model that serves.
        try (DatabaseFaults faults = databaseFaults()) {
            faults.lockTable("read_model.quality_window");
            publish(producer(), List.of(PlatformEvents.quality("rp-held-quality", W, 0, 3, 2, 0, List.of("range"))));
            String held = start("quality");
            await().atMost(WAIT).untilAsserted(() -> admin().get(quality + "/" + held).then()
                    .body("state", equalTo("SWITCHING")));
            admin().post(quality).then().statusCode(409).contentType("application/problem+json")
                    .body("detail", containsString(held));
            awaitCompleted("ingestion-stats", start("ingestion-stats"));
            faults.release();
            awaitCompleted("quality", held);
        }
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM read_model.quality_window WHERE dataset_name = "
                + "'rp-held-quality' AND checks = 3 AND passed = 2") == 1);
        admin().get("/admin/projections/service-health/positions").then().statusCode(200)
                .body("projection", org.hamcrest.Matchers.everyItem(equalTo("service-health")));
        admin().get("/admin/projections/lineage/rebuild/" + java.util.UUID.randomUUID()).then().statusCode(404);
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private void awaitCompleted(String readModel, String id) {
        ReplayCalls.awaitCompleted(readModel, id, WAIT);
    }

    private void awaitCaughtUp(String name) {
        Projection<?> projection = projections.all().stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow();
        await().atMost(WAIT).untilAsserted(() -> {
            for (String topic : projections.topics(projection)) {
                Map<Integer, Long> stored = new HashMap<>();
                pool.preparedQuery("SELECT kafka_partition, next_offset FROM read_model.projection_position "
                                + "WHERE projection = $1 AND topic = $2").execute(Tuple.of(name, topic))
                        .await().atMost(Duration.ofSeconds(10)).forEach(r -> stored.put(r.getInteger(0), r.getLong(1)));
                ProjectorTestSupport.endOffsets(bootstrap, topic).forEach((partition, end) -> assertThat(
                        stored.getOrDefault(partition, 0L)).as("%s-%d", topic, partition).isEqualTo(end));
            }
        });
    }

    private List<String> brokenChainLinks() {
        return strings("SELECT event_id FROM (SELECT event_id, seq, hash, prev_hash, "
                + "lag(hash) OVER (ORDER BY seq) AS previous_hash, lag(seq) OVER (ORDER BY seq) AS previous_seq, "
                + "read_model.audit_entry_computed_hash(e) AS recomputed FROM read_model.audit_entry e) c "
                + "WHERE c.hash <> c.recomputed OR (c.previous_seq IS NOT NULL AND "
                + "(c.prev_hash <> c.previous_hash OR c.seq <> c.previous_seq + 1)) ORDER BY seq");
    }
}
