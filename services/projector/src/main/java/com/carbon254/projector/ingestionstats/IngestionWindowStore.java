package com.carbon254.projector.ingestionstats;

import static com.carbon254.projector.pipeline.SqlTime.utc;

import java.util.Arrays;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.carbon254.events.data.DataIngestionAggregatedEvent;

import com.carbon254.projector.pipeline.BatchRowCounts;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/** {@code read_model.ingestion_window}: one row per dataset and event-time window. */
@ApplicationScoped
public class IngestionWindowStore {

    /**
     * Upserts window results in order; a row only moves to a higher update_sequence (an older or redelivered result
     * leaves it as it is).
     *
     * @return how many of the results were applied (the others were stale or duplicates)
     */
    public Uni<Integer> upsert(SqlConnection tx, List<DataIngestionAggregatedEvent> windows) {
        if (windows.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        List<Tuple> rows = windows.stream().map(w -> Tuple.from(Arrays.asList(
                w.getDatasetName(), utc(w.getWindowStart()), utc(w.getWindowEnd()), w.getEventCount(),
                w.getTotalRecordCount(), w.getTotalSizeBytes(), w.getSuccessCount(), w.getFailureCount(),
                w.getPartialCount(), utc(w.getFirstEventTime()), utc(w.getLastEventTime()), w.getDistinctSources(),
                w.getLate(), w.getUpdateSequence(), w.getEventId()))).toList();
        return tx.preparedQuery("INSERT INTO read_model.ingestion_window (dataset_name, window_start, window_end, "
                        + "event_count, total_record_count, total_size_bytes, success_count, failure_count, "
                        + "partial_count, first_event_time, last_event_time, distinct_sources, late, update_sequence, "
                        + "last_event_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) "
                        + "ON CONFLICT (dataset_name, window_start) DO UPDATE SET window_end = EXCLUDED.window_end, "
                        + "event_count = EXCLUDED.event_count, total_record_count = EXCLUDED.total_record_count, "
                        + "total_size_bytes = EXCLUDED.total_size_bytes, success_count = EXCLUDED.success_count, "
                        + "failure_count = EXCLUDED.failure_count, partial_count = EXCLUDED.partial_count, "
                        + "first_event_time = EXCLUDED.first_event_time, last_event_time = EXCLUDED.last_event_time, "
                        + "distinct_sources = EXCLUDED.distinct_sources, late = EXCLUDED.late, "
                        + "update_sequence = EXCLUDED.update_sequence, last_event_id = EXCLUDED.last_event_id, "
                        + "projected_at = clock_timestamp() "
                        + "WHERE ingestion_window.update_sequence < EXCLUDED.update_sequence")
                .executeBatch(rows).map(BatchRowCounts::applied);
    }
}
