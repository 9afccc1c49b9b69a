package com.carbon254.projector.quality;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import com.carbon254.events.data.DataQualityAggregatedEvent;
import com.carbon254.projector.pipeline.Generation;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code carbon254_quality_critical_failure_windows_total}, which the {@code DataQualityCriticalFailures} alert
 * watches: the live windows (and late updates of windows) projected with critical failures, counted once their batch
 * committed.
 */
final class CriticalFailureWindows {

    private final Counter counter;
    private final AtomicLong uncommitted = new AtomicLong();

    CriticalFailureWindows(MeterRegistry registry) {
        counter = Counter.builder("carbon254.quality.critical.failure.windows")
                .description("Data-quality windows (and late updates of windows) projected with critical failures")
                .register(registry);
    }

    /**
     * Holds the count of a batch's applied windows until {@link #committed}. The pipeline runs one transaction of the
     * channel at a time and reports its commit right after it, so a failed transaction's count is simply overwritten.
     * A replay's windows were counted when they were live.
     *
     * @return how many windows were applied
     */
    int written(Generation generation, List<DataQualityAggregatedEvent> applied) {
        if (generation.live()) {
            uncommitted.set(applied.stream().filter(w -> w.getCriticalFailures() > 0).count());
        }
        return applied.size();
    }

    /** Counts the held windows if the committed batch applied any. */
    void committed(boolean applied) {
        long critical = uncommitted.getAndSet(0);
        if (applied) {
            counter.increment(critical);
        }
    }
}
