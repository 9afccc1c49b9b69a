package com.carbon254.projector;

import static com.carbon254.projector.ProjectorTestSupport.publish;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.carbon254.devstack.testing.EmbeddedStackResource;
import com.carbon254.events.data.LineageOperation;
import com.carbon254.events.data.TransformationStatus;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Row;

/**
 * The analytics read models against the real embedded stack: the Flink aggregator's ingestion and data-quality
 * windows (a late re-emission replaces a window, an older result never does) and the transformation runs with the
 * lineage edges they add. Same test resource and profile as {@link ProjectorTest}: one Quarkus app for all.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedStackResource.class)
class AnalyticsReadModelsTest extends EmbeddedStackTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(90);

    @Test
    void ingestionWindowsOnlyMoveToAHigherUpdateSequence() throws Exception {
        Instant start = Instant.parse("2025-06-01T10:05:00Z");
        poison("data-ingestion-aggregated", "ds-ingest");
        publish(producer(), List.of(PlatformEvents.window("ds-ingest", start, 1, 10),
                PlatformEvents.window("ds-ingest", start, 3, 30),
                PlatformEvents.window("ds-ingest", start, 2, 20)));
        var latest = PlatformEvents.window("ds-ingest", start, 3, 30);
        publish(producer(), List.of(latest, latest, PlatformEvents.window("ds-ingest-2", start, 1, 7)));

        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM read_model.ingestion_window "
                + "WHERE dataset_name = 'ds-ingest-2'") == 1);
        Row row = one("SELECT * FROM read_model.ingestion_window WHERE dataset_name = 'ds-ingest'");
        assertThat(row.getInteger("update_sequence")).isEqualTo(3);
        assertThat(row.getLong("event_count")).isEqualTo(30);
        assertThat(row.getLong("total_record_count")).isEqualTo(3000);
        assertThat(row.getBoolean("late")).isTrue();
        assertThat(row.getOffsetDateTime("window_end").toInstant()).isEqualTo(start.plusSeconds(300));
        awaitDeadLetter("data-ingestion-aggregated.dlq", "ds-ingest", "undeserializable");
    }

    @Test
    void qualityWindowsOnlyMoveToAHigherUpdateSequenceAndCriticalFailuresAreCounted() throws Exception {
        Instant start = Instant.parse("2025-06-01T10:05:00Z");
        double criticalBefore = criticalQualityWindows();
        publish(producer(), List.of(PlatformEvents.quality("ds-quality", start, 0, 4, 3, 1, List.of("not-null-id")),
                PlatformEvents.quality("ds-quality", start, 2, 6, 4, 0, List.of("range", "unique-key")),
                PlatformEvents.quality("ds-quality", start, 1, 5, 3, 1, List.of("not-null-id")),
                PlatformEvents.quality("ds-quality-2", start, 0, 2, 2, 0, List.of())));

        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM read_model.quality_window "
                + "WHERE dataset_name = 'ds-quality-2'") == 1);
        Row row = one("SELECT * FROM read_model.quality_window WHERE dataset_name = 'ds-quality'");
        assertThat(row.getInteger("update_sequence")).isEqualTo(2);
        assertThat(row.getLong("checks")).isEqualTo(6);
        assertThat(row.getLong("failed")).isEqualTo(2);
        assertThat(row.getDouble("pass_rate")).isEqualTo(4.0 / 6);
        assertThat(row.getArrayOfStrings("failed_checks")).containsExactly("range", "unique-key");
        assertThat(row.getBoolean("late")).isTrue();
        // the first result had a critical failure; the stale one after the latest was not applied
        assertThat(criticalQualityWindows() - criticalBefore).isEqualTo(1.0);
    }

    @Test
    void transformationRunsOnlyMoveToALaterReportAndRunsThatWroteDataAddLineageEdges() throws Exception {
        Instant t = PlatformEvents.T0;
        poison("data-transformation", "tr-out");
        var failed = PlatformEvents.transformation("tr-job", "run-1", List.of("tr-in-a"), "tr-out",
                TransformationStatus.FAILURE, t);
        var retried = PlatformEvents.transformation("tr-job", "run-1", List.of("tr-in-a", "tr-in-b"), "tr-out",
                TransformationStatus.SUCCESS, t.plusSeconds(60));
        var earlierRun = PlatformEvents.transformation("tr-job", "run-0", List.of("tr-in-a"), "tr-out",
                TransformationStatus.PARTIAL, t.minusSeconds(3600));
        var cancelled = PlatformEvents.transformation("tr-job-2", "run-9", List.of("tr-in-c"), "tr-out-2",
                TransformationStatus.CANCELLED, t);
        // the run's later report first: the earlier one and a redelivery of the later change nothing
        publish(producer(), List.of(retried, failed, retried, earlierRun, cancelled));
        // a declared edge of the same job and datasets is a row of its own: removing it leaves what runs observed
        publish(producer(), List.of(
                PlatformEvents.lineage("tr-in-a", "tr-out", "tr-job", LineageOperation.REMOVE, t.plusSeconds(120))));

        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM read_model.transformation_run "
                + "WHERE job_name LIKE 'tr-job%'") == 3 && count("SELECT count(*) FROM read_model.lineage_edge "
                + "WHERE target_dataset = 'tr-out'") == 3);
        Row run = one("SELECT * FROM read_model.transformation_run WHERE job_name = 'tr-job' AND run_id = 'run-1'");
        assertThat(run.getString("status")).isEqualTo("SUCCESS");
        assertThat(run.getString("last_event_id")).isEqualTo(retried.getEventId());
        assertThat(run.getOffsetDateTime("finished_at").toInstant()).isEqualTo(t.plusSeconds(60));
        assertThat(run.getArrayOfStrings("input_datasets")).containsExactly("tr-in-a", "tr-in-b");
        assertThat(run.getString("output_dataset")).isEqualTo("tr-out");
        assertThat(run.getString("engine")).isEqualTo("dbt");
        assertThat(run.getLong("records_out")).isEqualTo(900);
        assertThat(run.getString("error_message")).isNull();
        assertThat(JSON.readTree(run.getJsonObject("metadata").encode()).path("scheduler").asText())
                .isEqualTo("dolphinscheduler");
        assertThat(one("SELECT status FROM read_model.transformation_run WHERE run_id = 'run-9'").getString(0))
                .isEqualTo("CANCELLED");

        // each input of a run that wrote data → its output, with the job and the latest run that observed it
        assertThat(strings("SELECT source_dataset || '>' || target_dataset || '|' || job_name || '|' || origin || '|' "
                + "|| coalesce(run_id, '-') || '|' || removed FROM read_model.lineage_edge WHERE target_dataset "
                + "LIKE 'tr-out%' ORDER BY 1")).containsExactly(
                "tr-in-a>tr-out|tr-job|data-lineage|-|true",
                "tr-in-a>tr-out|tr-job|data-transformation|run-1|false",
                "tr-in-b>tr-out|tr-job|data-transformation|run-1|false");
        Row edge = one("SELECT * FROM read_model.lineage_edge WHERE source_dataset = 'tr-in-a' "
                + "AND origin = 'data-transformation'");
        // first seen in the earlier run, which arrived after the later one
        assertThat(edge.getOffsetDateTime("first_seen_at").toInstant()).isEqualTo(t.minusSeconds(3600));
        assertThat(edge.getOffsetDateTime("updated_at").toInstant()).isEqualTo(t.plusSeconds(60));
        assertThat(edge.getString("last_event_id")).isEqualTo(retried.getEventId());
        awaitDeadLetter("data-transformation.dlq", "tr-out", "undeserializable");
    }

    private double criticalQualityWindows() {
        var counter = registry.find("carbon254.quality.critical.failure.windows").counter();
        return counter == null ? 0 : counter.count();
    }
}
