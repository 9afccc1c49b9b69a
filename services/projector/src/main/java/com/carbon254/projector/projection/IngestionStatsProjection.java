package com.carbon254.projector.projection;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.avro.specific.SpecificRecord;

import com.carbon254.events.data.DataIngestionAggregatedEvent;
import com.carbon254.projector.messaging.ProjectionChannel;
import com.carbon254.projector.repository.IngestionWindowStore;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * {@code data-ingestion-aggregated} → {@code ingestion_window}: the Flink aggregator's window results, one row per
 * dataset and window. A late re-emission of a window (higher updateSequence) replaces the row; an older result,
 * delivered late or again, never does.
 */
@ApplicationScoped
public class IngestionStatsProjection implements TableProjection<SpecificRecord> {

    @Inject
    IngestionWindowStore store;

    @Override
    public String name() {
        return ProjectionChannel.INGESTION_STATS.projection();
    }

    @Override
    public Uni<ProjectedBatch<SpecificRecord>> apply(SqlConnection tx, List<ConsumedRecord<SpecificRecord>> records) {
        ProjectedBatch<SpecificRecord> batch = new ProjectedBatch<>();
        List<DataIngestionAggregatedEvent> windows = new ArrayList<>();
        for (ConsumedRecord<SpecificRecord> record : records) {
            if (record.isPoison()) {
                batch.reject(record, record.poisonReason());
            } else if (record.value() instanceof DataIngestionAggregatedEvent window) {
                windows.add(window);
            } else {
                batch.reject(record, UnexpectedEvents.reason(record));
            }
        }
        return store.upsert(tx, windows).map(applied -> batch.count(DatasetFold.Outcome.APPLIED, applied)
                .count(DatasetFold.Outcome.STALE, windows.size() - applied));
    }
}
