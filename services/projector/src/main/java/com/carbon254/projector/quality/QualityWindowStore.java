package com.carbon254.projector.quality;

import static com.carbon254.projector.pipeline.SqlTime.utc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.carbon254.events.data.DataQualityAggregatedEvent;
import com.carbon254.projector.pipeline.ConsumedRecord;
import com.carbon254.projector.pipeline.Generation;
import com.carbon254.readmodel.ReadModelSchema;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/** {@code read_model.quality_window}: one row per dataset and event-time window. */
@ApplicationScoped
public class QualityWindowStore {

    private static final String UPSERT = "INSERT INTO %s AS w (dataset_name, window_start, window_end, checks, "
            + "passed, failed, pass_rate, critical_failures, failed_checks, first_event_time, last_event_time, late, "
            + "update_sequence, last_event_id, kafka_topic, kafka_partition, kafka_offset) VALUES ($1, $2, $3, $4, $5, "
            + "$6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) ON CONFLICT (dataset_name, window_start) DO "
            + "UPDATE SET window_end = EXCLUDED.window_end, checks = EXCLUDED.checks, passed = EXCLUDED.passed, "
            + "failed = EXCLUDED.failed, pass_rate = EXCLUDED.pass_rate, "
            + "critical_failures = EXCLUDED.critical_failures, failed_checks = EXCLUDED.failed_checks, "
            + "first_event_time = EXCLUDED.first_event_time, last_event_time = EXCLUDED.last_event_time, "
            + "late = EXCLUDED.late, update_sequence = EXCLUDED.update_sequence, "
            + "last_event_id = EXCLUDED.last_event_id, kafka_topic = EXCLUDED.kafka_topic, "
            + "kafka_partition = EXCLUDED.kafka_partition, kafka_offset = EXCLUDED.kafka_offset, "
            + "projected_at = clock_timestamp() WHERE w.update_sequence < EXCLUDED.update_sequence";

    /**
     * Upserts window results in order into a generation's table; a row only moves to a higher update_sequence (an
     * older or redelivered result leaves it as it is, provenance included).
     *
     * @return the results that were applied (the others were stale or duplicates)
     */
    public Uni<List<DataQualityAggregatedEvent>> upsert(SqlConnection tx, Generation generation,
            List<ConsumedRecord<DataQualityAggregatedEvent>> windows) {
        if (windows.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<Tuple> rows = windows.stream().map(record -> {
            DataQualityAggregatedEvent w = record.value();
            return Tuple.from(Arrays.asList(w.getDatasetName(), utc(w.getWindowStart()), utc(w.getWindowEnd()),
                    w.getChecks(), w.getPassed(), w.getFailed(), w.getPassRate(), w.getCriticalFailures(),
                    w.getFailedChecks().toArray(String[]::new), utc(w.getFirstEventTime()),
                    utc(w.getLastEventTime()), w.getLate(), w.getUpdateSequence(), w.getEventId(),
                    record.source().topic(), record.source().partition(), record.source().offset()));
        }).toList();
        return tx.preparedQuery(UPSERT.formatted(generation.table(ReadModelSchema.QUALITY_WINDOW))).executeBatch(rows)
                .map(result -> {
                    // One row set per window, in order: a row when it was applied, none when it was stale.
                    List<DataQualityAggregatedEvent> applied = new ArrayList<>();
                    RowSet<Row> set = result;
                    for (ConsumedRecord<DataQualityAggregatedEvent> window : windows) {
                        if (set.rowCount() > 0) {
                            applied.add(window.value());
                        }
                        set = set.next();
                    }
                    return applied;
                });
    }
}
