package com.carbon254.projector.transformations;

import static com.carbon254.projector.pipeline.SqlTime.utc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.carbon254.events.data.DataTransformationEvent;
import com.carbon254.events.data.TransformationStatus;
import com.carbon254.projector.pipeline.BatchRowCounts;
import com.carbon254.projector.pipeline.ConsumedRecord;
import com.carbon254.projector.pipeline.Generation;
import com.carbon254.readmodel.ReadModelSchema;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * {@code read_model.transformation_run} (one row per job and run) and the lineage edges runs observed
 * ({@code read_model.lineage_edge} rows of origin {@code data-transformation}).
 */
@ApplicationScoped
public class TransformationRunStore {

    /** The {@code origin} of the lineage edges this store writes (the declared ones are {@code data-lineage}). */
    public static final String EDGE_ORIGIN = "data-transformation";

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Every status is final (the schema has no running state and no sequence), so reports of one run are ordered by
     * event time, ties by event id: the row moves only to a later (finished_at, last_event_id). A redelivery is equal,
     * an older report smaller: neither changes the row, whatever order they arrive in.
     */
    private static final String UPSERT_RUN = "INSERT INTO %s AS run (job_name, run_id, "
            + "output_dataset, input_datasets, engine, status, records_in, records_out, duration_ms, error_message, "
            + "metadata, finished_at, source, last_event_id, kafka_topic, kafka_partition, kafka_offset) VALUES ($1, "
            + "$2, $3, $4, $5, $6, $7, $8, $9, $10, $11::text::jsonb, $12, $13, $14, $15, $16, $17) "
            + "ON CONFLICT (job_name, run_id) DO UPDATE SET "
            + "output_dataset = EXCLUDED.output_dataset, input_datasets = EXCLUDED.input_datasets, "
            + "engine = EXCLUDED.engine, status = EXCLUDED.status, records_in = EXCLUDED.records_in, "
            + "records_out = EXCLUDED.records_out, duration_ms = EXCLUDED.duration_ms, "
            + "error_message = EXCLUDED.error_message, metadata = EXCLUDED.metadata, "
            + "finished_at = EXCLUDED.finished_at, source = EXCLUDED.source, last_event_id = EXCLUDED.last_event_id, "
            + "kafka_topic = EXCLUDED.kafka_topic, kafka_partition = EXCLUDED.kafka_partition, "
            + "kafka_offset = EXCLUDED.kafka_offset, projected_at = clock_timestamp() "
            + "WHERE (run.finished_at, run.last_event_id) < (EXCLUDED.finished_at, EXCLUDED.last_event_id)";

    private static final String NEWER = "(edge.updated_at, edge.last_event_id) < (EXCLUDED.updated_at, "
            + "EXCLUDED.last_event_id)";

    /**
     * An input → output edge of a job, from every report of a run that wrote data, whether or not it is the run's
     * latest report: the edge keeps the earliest first_seen_at and the run of the latest report (same order as the
     * runs), so the edges are the same whatever order the reports arrive in. The report that last changed an edge is
     * its provenance.
     */
    private static final String UPSERT_EDGE = "INSERT INTO %s AS edge (source_dataset, "
            + "target_dataset, job_name, run_id, first_seen_at, updated_at, removed, last_event_id, origin, "
            + "kafka_topic, kafka_partition, kafka_offset) VALUES "
            + "($1, $2, $3, $4, $5, $5, false, $6, '" + EDGE_ORIGIN + "', $7, $8, $9) "
            + "ON CONFLICT (source_dataset, target_dataset, job_name, origin) DO UPDATE SET "
            + "first_seen_at = LEAST(edge.first_seen_at, EXCLUDED.first_seen_at), "
            + "run_id = CASE WHEN " + NEWER + " THEN EXCLUDED.run_id ELSE edge.run_id END, "
            + "last_event_id = CASE WHEN " + NEWER + " THEN EXCLUDED.last_event_id ELSE edge.last_event_id END, "
            + "updated_at = GREATEST(edge.updated_at, EXCLUDED.updated_at), kafka_topic = EXCLUDED.kafka_topic, "
            + "kafka_partition = EXCLUDED.kafka_partition, kafka_offset = EXCLUDED.kafka_offset "
            + "WHERE " + NEWER + " OR EXCLUDED.first_seen_at < edge.first_seen_at";

    /**
     * Upserts the runs in order, then the edges of those that wrote data, into the tables of {@code generation}.
     *
     * @return how many reports moved their run's row (the others were older or redelivered)
     */
    public Uni<Integer> upsert(SqlConnection tx, Generation generation,
            List<ConsumedRecord<DataTransformationEvent>> runs) {
        if (runs.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        List<Tuple> rows = runs.stream().map(record -> {
            DataTransformationEvent r = record.value();
            return Tuple.from(Arrays.asList(r.getJobName(), r.getRunId(), r.getOutputDataset(),
                    r.getInputDatasets().toArray(String[]::new), r.getEngine(), r.getStatus().name(), r.getRecordsIn(),
                    r.getRecordsOut(), r.getDurationMs(), r.getErrorMessage(), json(r), utc(r.getTimestamp()),
                    r.getSource(), r.getEventId(), record.source().topic(), record.source().partition(),
                    record.source().offset()));
        }).toList();
        List<Tuple> edges = edges(runs);
        Uni<Integer> applied = tx.preparedQuery(UPSERT_RUN.formatted(generation.table(
                ReadModelSchema.TRANSFORMATION_RUN))).executeBatch(rows).map(BatchRowCounts::applied);
        return edges.isEmpty() ? applied : applied.call(() -> tx.preparedQuery(UPSERT_EDGE.formatted(
                generation.table(ReadModelSchema.LINEAGE_EDGE))).executeBatch(edges));
    }

    /**
     * One edge per distinct input of each run that wrote data into its output: SUCCESS, or PARTIAL ("some output was
     * written before it failed"). A FAILURE or CANCELLED run moved no data, and UNKNOWN (a status this reader's schema
     * does not have) cannot tell, so they add no lineage.
     */
    private static List<Tuple> edges(List<ConsumedRecord<DataTransformationEvent>> runs) {
        List<Tuple> edges = new ArrayList<>();
        for (ConsumedRecord<DataTransformationEvent> record : runs) {
            DataTransformationEvent run = record.value();
            if (run.getStatus() != TransformationStatus.SUCCESS && run.getStatus() != TransformationStatus.PARTIAL) {
                continue;
            }
            Set<String> inputs = new LinkedHashSet<>(run.getInputDatasets());
            for (String input : inputs) {
                edges.add(Tuple.from(Arrays.asList(input, run.getOutputDataset(), run.getJobName(), run.getRunId(),
                        utc(run.getTimestamp()), run.getEventId(), record.source().topic(), record.source().partition(),
                        record.source().offset())));
            }
        }
        return edges;
    }

    private static String json(DataTransformationEvent run) {
        try {
            return JSON.writeValueAsString(run.getMetadata());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
