package com.carbon254.projector.pipeline.monitoring;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import com.carbon254.projector.pipeline.Outcome;
import com.carbon254.projector.pipeline.ProjectionRegistry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.StartupEvent;

/**
 * The meters of every projection (Prometheus names; the {@code projection} tag is the projection name):
 * <ul>
 * <li>{@code carbon254_projection_events_total{projection,outcome}} — records by outcome: applied, duplicate,
 *     stale, failed (dead-lettered); counted once per committed transaction, so retried batches do not inflate
 *     them;</li>
 * <li>{@code carbon254_projection_batch_retries_total{projection}} — batch transactions that failed and were tried
 *     again (retried, or narrowed down);</li>
 * <li>{@code carbon254_projection_batches_narrowed_total{projection}} — failing batches split to isolate the
 *     record(s) the database refuses;</li>
 * <li>{@code carbon254_projection_retries_in_flight{projection}} — records of a failed batch waiting for (or in)
 *     another attempt;</li>
 * <li>{@code carbon254_projection_stuck{projection}} — 1 while the projection is stuck (readiness DOWN, see
 *     {@link ProjectionProgress}), else 0;</li>
 * <li>{@code carbon254_projection_batch_size} and {@code carbon254_projection_batch_duration_seconds} — records per
 *     consumed batch and the time it took, retries included;</li>
 * <li>{@code carbon254_projection_search_backlog{projection}} — datasets whose search document is behind;</li>
 * <li>{@code carbon254_projection_lag_events{projection,topic,partition}} and
 *     {@code carbon254_projection_lag_seconds{projection,topic}} — see {@link ProjectionLagMonitor}.</li>
 * </ul>
 */
@ApplicationScoped
public class ProjectionMetrics {

    @Inject
    MeterRegistry registry;

    @Inject
    ProjectionProgress progress;

    @Inject
    ProjectionRegistry projections;

    private final Map<String, Map<Outcome, Counter>> outcomes = new ConcurrentHashMap<>();
    private final Map<String, Counter> retries = new ConcurrentHashMap<>();
    private final Map<String, Counter> narrowed = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> gauges = new ConcurrentHashMap<>();

    /** Every live projection's meters exist from the start (0 until something happens), so alerts see them. */
    void register(@Observes StartupEvent started) {
        projections.all().forEach(projection -> {
            String name = projection.name();
            outcomes.computeIfAbsent(name, this::outcomeCounters);
            Gauge.builder("carbon254.projection.retries.in.flight", progress, p -> p.retrying(name))
                    .description("Records of a failed projection batch waiting for another attempt")
                    .tags("projection", name).register(registry);
            Gauge.builder("carbon254.projection.stuck", progress, p -> p.isStuck(name) ? 1 : 0)
                    .description("1 while the projection makes no progress (readiness DOWN)")
                    .tags("projection", name).register(registry);
        });
    }

    /** Records a consumed batch: its size and how long it took to commit, retries included. */
    public void batch(String projection, int records, long nanos) {
        DistributionSummary.builder("carbon254.projection.batch.size")
                .description("Records per projection batch").tags("projection", projection).register(registry)
                .record(records);
        Timer.builder("carbon254.projection.batch.duration")
                .description("Time to commit one projection batch, retries included").tags("projection", projection)
                .register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Counts the outcomes of a committed transaction. */
    public void committed(String projection, Map<Outcome, Integer> counts) {
        Map<Outcome, Counter> counters = outcomes.computeIfAbsent(projection, this::outcomeCounters);
        counts.forEach((outcome, n) -> counters.get(outcome).increment(n));
    }

    /** Counts a batch transaction that failed and will be tried again. */
    public void batchRetried(String projection) {
        retries.computeIfAbsent(projection, p -> Counter.builder("carbon254.projection.batch.retries")
                .description("Projection batch transactions that failed and were tried again")
                .tags("projection", p).register(registry)).increment();
    }

    /** Counts a failing batch split to isolate the record(s) the database refuses. */
    public void narrowed(String projection) {
        narrowed.computeIfAbsent(projection, p -> Counter.builder("carbon254.projection.batches.narrowed")
                .description("Failing projection batches split to isolate the records the database refuses")
                .tags("projection", p).register(registry)).increment();
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

    private Map<Outcome, Counter> outcomeCounters(String projection) {
        Map<Outcome, Counter> counters = new EnumMap<>(Outcome.class);
        for (Outcome outcome : Outcome.values()) {
            counters.put(outcome, Counter.builder("carbon254.projection.events")
                    .description("Records consumed by a projection, by outcome")
                    .tags("projection", projection, "outcome", label(outcome))
                    .register(registry));
        }
        return counters;
    }

    /** The outcome label: REJECTED records are the ones that failed to apply and were dead-lettered. */
    static String label(Outcome outcome) {
        return outcome == Outcome.REJECTED ? "failed" : outcome.name().toLowerCase();
    }
}
