package com.carbon254.projector.quality;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.apache.avro.specific.SpecificRecord;

import com.carbon254.events.data.DataQualityAggregatedEvent;
import com.carbon254.projector.pipeline.LatestWinsProjection;
import com.carbon254.projector.pipeline.Outcome;
import com.carbon254.projector.pipeline.ProjectedBatch;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code data-quality-aggregated} → {@code quality_window}: the Flink aggregator's pass rates, one row per dataset
 * and window. A late re-emission of a window (higher updateSequence) replaces the row; an older result, delivered
 * late or again, never does. Every projected window with critical failures counts in {@link CriticalFailureWindows}.
 */
@Singleton
public class QualityProjection extends LatestWinsProjection<DataQualityAggregatedEvent> {

    /** The projection's name and channel. */
    public static final String NAME = "quality";

    private final CriticalFailureWindows criticalWindows;

    @Inject
    QualityProjection(QualityWindowStore store, MeterRegistry registry) {
        this(store, new CriticalFailureWindows(registry));
    }

    private QualityProjection(QualityWindowStore store, CriticalFailureWindows criticalWindows) {
        super(NAME, DataQualityAggregatedEvent.class, (tx, generation, windows) -> store.upsert(tx, generation, windows)
                .map(applied -> criticalWindows.written(generation, applied)));
        this.criticalWindows = criticalWindows;
    }

    @Override
    public void committed(ProjectedBatch<SpecificRecord> batch) {
        criticalWindows.committed(batch.counted(Outcome.APPLIED) > 0);
    }
}
