package com.carbon254.projector.lineage;

import static com.carbon254.projector.pipeline.SqlTime.utc;

import java.util.Arrays;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.carbon254.events.data.DataLineageEvent;
import com.carbon254.events.data.LineageOperation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import com.carbon254.projector.pipeline.BatchRowCounts;
import com.carbon254.projector.pipeline.ConsumedRecord;
import com.carbon254.projector.pipeline.Generation;
import com.carbon254.readmodel.ReadModelSchema;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * {@code read_model.lineage_edge}, the declared edges (origin {@code data-lineage}, the column's default): one edge per
 * source, target and job, with REMOVE tombstones. The edges runs observed (origin {@code data-transformation}) are the
 * transformations projection's rows, which these events never touch.
 */
@ApplicationScoped
public class LineageEdgeStore {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Applies ADD/REMOVE events in order. An event applies only when its event time is not older than the edge's
     * {@code updated_at}: an older ADD delivered after a REMOVE cannot resurrect the edge, nor an older REMOVE delete
     * a newer ADD. A REMOVE of an unknown edge stores the tombstone, for the same reason. A REMOVE keeps the edge's
     * last job details. Writes the tables of {@code generation}; the record that last changed an edge is its provenance.
     *
     * @return how many events applied (the others were older than the edge)
     */
    public Uni<Integer> apply(SqlConnection tx, Generation generation, List<ConsumedRecord<DataLineageEvent>> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        List<Tuple> rows = events.stream().map(record -> {
            DataLineageEvent e = record.value();
            return Tuple.from(Arrays.asList(e.getSourceDataset(), e.getTargetDataset(),
                    e.getJobName() == null ? "" : e.getJobName(), e.getTransformation(), e.getRunId(), json(e),
                    utc(e.getTimestamp()), e.getOperation() == LineageOperation.REMOVE, e.getEventId(),
                    record.source().topic(), record.source().partition(), record.source().offset()));
        }).toList();
        return tx.preparedQuery("INSERT INTO " + generation.table(ReadModelSchema.LINEAGE_EDGE) + " AS edge "
                        + "(source_dataset, target_dataset, job_name, transformation, run_id, metadata, first_seen_at, "
                        + "updated_at, removed, last_event_id, kafka_topic, kafka_partition, kafka_offset) VALUES "
                        + "($1, $2, $3, $4, $5, $6::text::jsonb, $7, $7, $8, $9, $10, $11, $12) "
                        + "ON CONFLICT (source_dataset, target_dataset, job_name, origin) DO UPDATE SET "
                        + "transformation = CASE WHEN EXCLUDED.removed THEN edge.transformation ELSE EXCLUDED.transformation END, "
                        + "run_id = CASE WHEN EXCLUDED.removed THEN edge.run_id ELSE EXCLUDED.run_id END, "
                        + "metadata = CASE WHEN EXCLUDED.removed THEN edge.metadata ELSE EXCLUDED.metadata END, "
                        + "first_seen_at = LEAST(edge.first_seen_at, EXCLUDED.first_seen_at), "
                        + "updated_at = EXCLUDED.updated_at, removed = EXCLUDED.removed, "
                        + "last_event_id = EXCLUDED.last_event_id, kafka_topic = EXCLUDED.kafka_topic, "
                        + "kafka_partition = EXCLUDED.kafka_partition, kafka_offset = EXCLUDED.kafka_offset "
                        + "WHERE edge.updated_at <= EXCLUDED.updated_at")
                .executeBatch(rows).map(BatchRowCounts::applied);
    }

    private static String json(DataLineageEvent e) {
        try {
            return JSON.writeValueAsString(e.getMetadata());
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
