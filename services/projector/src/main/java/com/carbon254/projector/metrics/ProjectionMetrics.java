package com.carbon254.projector.metrics;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.carbon254.projector.projection.BatchResult;
import com.carbon254.projector.projection.DatasetFold;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * The meters of every projection (Prometheus names; the {@code projection} tag is the projection name, see
 * {@link com.carbon254.projector.messaging.ProjectionChannel}):
 * <ul>
 * <li>{@code carbon254_projection_events_total{projection,outcome}} — records by outcome: applied, duplicate,
 *     stale, failed (dead-lettered); counted once per committed batch, so retried batches do not inflate them;</li>
 * <li>{@code carbon254_projection_batch_retries_total{projection}} — failed batch transactions that were retried;</li>
 * <li>{@code carbon254_projection_batch_size} and {@code carbon254_projection_batch_duration_seconds} — records per
 *     committed batch and the time its transaction took;</li>
 * <li>{@code carbon254_projection_search_backlog{projection}} — datasets whose search document is behind;</li>
 * <li>{@code carbon254_projection_lag_events{projection,topic,partition}} and
 *     {@code carbon254_projection_lag_seconds{projection,topic}} — see {@link ProjectionLagMonitor}.</li>
 * </ul>
 */
@ApplicationScoped
public class ProjectionMetrics {

    @Inject
    MeterRegistry registry;

    private final Map<String, Map<DatasetFold.Outcome, Counter>> outcomes = new ConcurrentHashMap<>();
    private final Map<String, Counter> retries = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> gauges = new ConcurrentHashMap<>();

    /** Records a committed batch: its size and how long its transaction (with retries) took. */
    public void batch(String projection, int records, long nanos) {
        io.micrometer.core.instrument.DistributionSummary.builder("carbon254.projection.batch.size")
                .description("Records per projection batch").tags("projection", projection).register(registry)
                .record(records);
        io.micrometer.core.instrument.Timer.builder("carbon254.projection.batch.duration")
                .description("Time to commit one projection batch, retries included").tags("projection", projection)
                .register(registry).record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /** Counts the outcomes of a committed batch. */
    public void committed(String projection, BatchResult<?> result) {
        committed(projection, result.outcomes());
    }

    /** Counts the outcomes of a committed batch of any projection. */
    public void committed(String projection, Map<DatasetFold.Outcome, Integer> counts) {
        Map<DatasetFold.Outcome, Counter> counters = outcomes.computeIfAbsent(projection, this::outcomeCounters);
        counts.forEach((outcome, n) -> counters.get(outcome).increment(n));
    }

    /** Counts a batch transaction that failed and will be retried. */
    public void batchRetried(String projection) {
        retries.computeIfAbsent(projection, p -> Counter.builder("carbon254.projection.batch.retries")
                .description("Projection batch transactions that failed and were retried")
                .tags("projection", p).register(registry)).increment();
    }

    /** Total count of one outcome so far (for tests and the admin API). */
    public double count(String projection, DatasetFold.Outcome outcome) {
        return outcomes.computeIfAbsent(projection, this::outcomeCounters).get(outcome).count();
    }

    /** A gauge backed by a value this class keeps, registered on first use. */
    public AtomicLong gauge(String name, String description, Tags tags) {
        String key = name + tags;
        return gauges.computeIfAbsent(key, k -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder(name, value, AtomicLong::get).description(description).tags(tags).register(registry);
            return value;
        });
    }

    private Map<DatasetFold.Outcome, Counter> outcomeCounters(String projection) {
        Map<DatasetFold.Outcome, Counter> counters = new EnumMap<>(DatasetFold.Outcome.class);
        for (DatasetFold.Outcome outcome : DatasetFold.Outcome.values()) {
            counters.put(outcome, Counter.builder("carbon254.projection.events")
                    .description("Records consumed by a projection, by outcome")
                    .tags("projection", projection, "outcome", label(outcome))
                    .register(registry));
        }
        return counters;
    }

    /** The outcome label: REJECTED records are the ones that failed to apply and were dead-lettered. */
    static String label(DatasetFold.Outcome outcome) {
        return outcome == DatasetFold.Outcome.REJECTED ? "failed" : outcome.name().toLowerCase();
    }
}
