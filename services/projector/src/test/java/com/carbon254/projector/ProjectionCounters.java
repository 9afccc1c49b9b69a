package com.carbon254.projector;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** The projector's counters as the tests read them, from the application's meter registry. */
final class ProjectionCounters {

    private final MeterRegistry registry;

    ProjectionCounters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** {@code carbon254_projection_events_total{projection, outcome}}: applied, duplicate, stale or failed. */
    double events(String projection, String outcome) {
        return count(registry.find("carbon254.projection.events").tags("projection", projection, "outcome", outcome)
                .counter());
    }

    /** {@code carbon254_projection_batch_retries_total{projection}}. */
    double retries(String projection) {
        return count(registry.find("carbon254.projection.batch.retries").tags("projection", projection).counter());
    }

    /** {@code carbon254_projection_batches_narrowed_total{projection}}. */
    double narrowed(String projection) {
        return count(registry.find("carbon254.projection.batches.narrowed").tags("projection", projection).counter());
    }

    private static double count(Counter counter) {
        return counter == null ? 0 : counter.count();
    }
}
