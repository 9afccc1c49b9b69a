package com.carbon254.projector.ingestionstats;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.avro.specific.SpecificRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.carbon254.events.data.DataIngestionAggregatedEvent;

import com.carbon254.projector.pipeline.EventProjection;
import com.carbon254.projector.pipeline.ConsumedRecord;
import com.carbon254.projector.pipeline.Generation;
import com.carbon254.projector.pipeline.Outcome;
import com.carbon254.projector.pipeline.ProjectedBatch;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * {@code data-ingestion-aggregated} → {@code ingestion_window}: the Flink aggregator's window results, one row per
 * dataset and window. A late re-emission of a window (higher updateSequence) replaces the row; an older result,
 * delivered late or again, never does.
 */
@ApplicationScoped
public class IngestionStatsProjection extends EventProjection {

    /** The projection's name and channel. */
    public static final String NAME = "ingestion-stats";

    @Inject
    IngestionWindowStore store;

    IngestionStatsProjection() {
        super(NAME);
    }

    @Incoming(NAME)
    public Uni<Void> project(KafkaRecordBatch<String, SpecificRecord> batch) {
        return consume(batch);
    }

    @Override
    protected Uni<ProjectedBatch<SpecificRecord>> write(SqlConnection tx, List<ConsumedRecord<SpecificRecord>> records,
            Generation generation) {
        ProjectedBatch<SpecificRecord> batch = new ProjectedBatch<>();
        List<ConsumedRecord<DataIngestionAggregatedEvent>> windows = batch.accept(records,
                DataIngestionAggregatedEvent.class);
        return store.upsert(tx, generation, windows).map(applied -> batch.count(Outcome.APPLIED, applied)
                .count(Outcome.STALE, windows.size() - applied));
    }
}
