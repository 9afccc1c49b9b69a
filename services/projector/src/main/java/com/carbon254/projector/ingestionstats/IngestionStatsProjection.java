package com.carbon254.projector.ingestionstats;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import com.carbon254.events.data.DataIngestionAggregatedEvent;
import com.carbon254.projector.pipeline.LatestWinsProjection;

/**
 * {@code data-ingestion-aggregated} → {@code ingestion_window}: the Flink aggregator's window results, one row per
 * dataset and window. A late re-emission of a window (higher updateSequence) replaces the row; an older result,
 * delivered late or again, never does.
 */
@Singleton
public class IngestionStatsProjection extends LatestWinsProjection<DataIngestionAggregatedEvent> {

    /** The projection's name and channel. */
    public static final String NAME = "ingestion-stats";

    @Inject
    IngestionStatsProjection(IngestionWindowStore store) {
        super(NAME, DataIngestionAggregatedEvent.class, store::upsert);
    }
}
