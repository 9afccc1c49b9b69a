package com.carbon254.projector.quality;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.avro.specific.SpecificRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.carbon254.events.data.DataQualityAggregatedEvent;
import com.carbon254.projector.pipeline.ConsumedRecord;
import com.carbon254.projector.pipeline.EventProjection;
import com.carbon254.projector.pipeline.Generation;
import com.carbon254.projector.pipeline.Outcome;
import com.carbon254.projector.pipeline.ProjectedBatch;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * {@code data-quality-aggregated} → {@code quality_window}: the Flink aggregator's pass rates, one row per dataset
 * and window. A late re-emission of a window (higher updateSequence) replaces the row; an older result, delivered
 * late or again, never does. Every projected window with critical failures counts in
 * {@code carbon254_quality_critical_failure_windows_total}, which the {@code DataQualityCriticalFailures} alert watches.
 */
@ApplicationScoped
public class QualityProjection extends EventProjection {

    /** The projection's name and channel. */
    public static final String NAME = "quality";

    @Inject
    QualityWindowStore store;

    @Inject
    MeterRegistry registry;

    private Counter criticalWindows;
    private final AtomicLong uncommittedCriticalWindows = new AtomicLong();

    QualityProjection() {
        super(NAME);
    }

    @PostConstruct
    void registerMetrics() {
        criticalWindows = Counter.builder("carbon254.quality.critical.failure.windows")
                .description("Data-quality windows (and late updates of windows) projected with critical failures")
                .register(registry);
    }

    @Incoming(NAME)
    public Uni<Void> project(KafkaRecordBatch<String, SpecificRecord> batch) {
        return consume(batch);
    }

    @Override
    protected Uni<ProjectedBatch<SpecificRecord>> write(SqlConnection tx, List<ConsumedRecord<SpecificRecord>> records,
            Generation generation) {
        ProjectedBatch<SpecificRecord> batch = new ProjectedBatch<>();
        List<ConsumedRecord<DataQualityAggregatedEvent>> windows = batch.accept(records,
                DataQualityAggregatedEvent.class);
        return store.upsert(tx, generation, windows).map(applied -> {
            // The pipeline runs one transaction of this channel at a time, and BatchTransaction calls committed() right
            // after it commits: the count waits here until then (a failed transaction's count is overwritten). A
            // replay's windows were counted when they were live.
            if (generation.live()) {
                uncommittedCriticalWindows.set(applied.stream().filter(w -> w.getCriticalFailures() > 0).count());
            }
            return batch.count(Outcome.APPLIED, applied.size()).count(Outcome.STALE, windows.size() - applied.size());
        });
    }

    @Override
    public void committed(ProjectedBatch<SpecificRecord> batch) {
        long critical = uncommittedCriticalWindows.getAndSet(0);
        if (batch.counted(Outcome.APPLIED) > 0) {
            criticalWindows.increment(critical);
        }
    }
}
