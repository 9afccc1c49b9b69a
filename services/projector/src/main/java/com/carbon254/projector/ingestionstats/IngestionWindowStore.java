package com.carbon254.projector.ingestionstats;

import static com.carbon254.projector.pipeline.SqlTime.utc;

import java.util.Arrays;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.carbon254.events.data.DataIngestionAggregatedEvent;
import com.carbon254.projector.pipeline.BatchRowCounts;
import com.carbon254.projector.pipeline.ConsumedRecord;
import com.carbon254.projector.pipeline.Generation;
import com.carbon254.readmodel.ReadModelSchema;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/** {@code read_model.ingestion_window}: one row per dataset and event-time window. */
@ApplicationScoped
public class IngestionWindowStore {

    /**
     * Upserts window results in order into a generation's table; a row only moves to a higher update_sequence (an
     * older or redelivered result leaves it as it is, provenance included).
     *
     * @return how many of the results were applied (the others were stale or duplicates)
     */
    public Uni<Integer> upsert(SqlConnection tx, Generation generation,
            List<ConsumedRecord<DataIngestionAggregatedEvent>> windows) {
        if (windows.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        List<Tuple> rows = windows.stream().map(record -> {
            DataIngestionAggregatedEvent w = record.value();
            return Tuple.from(Arrays.asList(w.getDatasetName(), utc(w.getWindowStart()), utc(w.getWindowEnd()),
                    w.getEventCount(), w.getTotalRecordCount(), w.getTotalSizeBytes(), w.getSuccessCount(),
                    w.getFailureCount(), w.getPartialCount(), utc(w.getFirstEventTime()), utc(w.getLastEventTime()),
                    w.getDistinctSources(), w.getLate(), w.getUpdateSequence(), w.getEventId(),
                    record.source().topic(), record.source().partition(), record.source().offset()));
        }).toList();
        String table = generation.table(ReadModelSchema.INGESTION_WINDOW);
        return tx.preparedQuery("INSERT INTO " + table + " AS w (dataset_name, window_start, window_end, "
                        + "event_count, total_record_count, total_size_bytes, success_count, failure_count, "
                        + "partial_count, first_event_time, last_event_time, distinct_sources, late, update_sequence, "
                        + "last_event_id, kafka_topic, kafka_partition, kafka_offset) VALUES ($1, $2, $3, $4, $5, $6, "
                        + "$7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) "
                        + "ON CONFLICT (dataset_name, window_start) DO UPDATE SET window_end = EXCLUDED.window_end, "
                        + "event_count = EXCLUDED.event_count, total_record_count = EXCLUDED.total_record_count, "
                        + "total_size_bytes = EXCLUDED.total_size_bytes, success_count = EXCLUDED.success_count, "
                        + "failure_count = EXCLUDED.failure_count, partial_count = EXCLUDED.partial_count, "
                        + "first_event_time = EXCLUDED.first_event_time, last_event_time = EXCLUDED.last_event_time, "
                        + "distinct_sources = EXCLUDED.distinct_sources, late = EXCLUDED.late, "
                        + "update_sequence = EXCLUDED.update_sequence, last_event_id = EXCLUDED.last_event_id, "
                        + "kafka_topic = EXCLUDED.kafka_topic, kafka_partition = EXCLUDED.kafka_partition, "
                        + "kafka_offset = EXCLUDED.kafka_offset, projected_at = clock_timestamp() "
                        + "WHERE w.update_sequence < EXCLUDED.update_sequence")
                .executeBatch(rows).map(BatchRowCounts::applied);
    }
}
