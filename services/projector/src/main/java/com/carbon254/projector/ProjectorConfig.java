package com.carbon254.projector;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The projector's own settings ({@code carbon254.projector.*}); Kafka, datasource and search hosts are Quarkus'. */
@ConfigMapping(prefix = "carbon254.projector")
public interface ProjectorConfig {

    /** The event store topic the dataset projection reads. */
    @WithDefault("data-events")
    String topic();

    /**
     * How every projection retries a failed batch transaction (database or broker unavailable, a conflict with a
     * zombie instance, …) and when it counts as stuck; {@link #projections()} overrides it per projection.
     */
    Retry batchRetry();

    /**
     * Per projection (by name: datasets, ingestion-stats, quality, transformations, service-health, lineage,
     * audit-trail, dead-letters).
     */
    Map<String, ProjectionSettings> projections();

    Search search();

    /** The replay (rebuild) of a read model. */
    Rebuild rebuild();

    ServiceTimeline serviceTimeline();

    Audit audit();

    interface ServiceTimeline {
        /** Entries kept per service (newest first); older ones are deleted as new ones arrive. */
        @WithDefault("200")
        int maxEntries();
    }

    interface Audit {
        /**
         * Where a retention cut ({@code POST /admin/audit/retention-cut}) cuts when it is not told: the monthly
         * partitions that end at least this long ago.
         */
        @WithDefault("P365D")
        Duration retention();

        /** The youngest entries a retention cut may remove: a cut whose {@code before} is later than now minus this is refused. */
        @WithDefault("P30D")
        Duration minimumRetention();

        /** How often this and next month's partitions are created ahead. */
        @WithDefault("1h")
        Duration partitionCheckInterval();
    }

    interface Retry {
        /** First wait after a failed attempt; doubles (with jitter) on each further failure up to the maximum. */
        @WithDefault("200ms")
        Duration initialBackoff();

        @WithDefault("10s")
        Duration maxBackoff();

        /**
         * Retries of a batch that fails for a transient reason (connection lost, timeout, serialization failure)
         * before the pipeline suspects the batch itself: if the database then answers, the batch is narrowed down to
         * the record(s) that fail, which are dead-lettered; if it does not, the batch keeps being retried at the
         * maximum backoff. A failure that is the data's own (a value the database refuses) is narrowed down at once.
         */
        @WithDefault("10")
        int maxRetries();

        /** Consecutive failed attempts after which the projection reports itself stuck (readiness DOWN). */
        @WithDefault("5")
        int stuckAfterFailures();

        /** How long a batch may stay in the pipeline without committing before the projection reports itself stuck. */
        @WithDefault("60s")
        Duration stuckTimeout();
    }

    interface ProjectionSettings {
        RetryOverrides batchRetry();
    }

    /** {@link Retry} values one projection sets differently. */
    interface RetryOverrides {
        Optional<Duration> initialBackoff();

        Optional<Duration> maxBackoff();

        OptionalInt maxRetries();

        OptionalInt stuckAfterFailures();

        Optional<Duration> stuckTimeout();
    }

    interface Search {
        /** The alias the query API reads; generation n is the index {@code <alias>-v<n>}. */
        @WithDefault("datasets")
        String alias();

        /** Most states per catch-up bulk request of the backlog sweeper. */
        @WithDefault("500")
        int sweepBatchSize();

        /** First wait after a failed search write; doubles on each failure up to {@link #maxBackoff()}. */
        @WithDefault("1s")
        Duration initialBackoff();

        @WithDefault("60s")
        Duration maxBackoff();

        /**
         * How long a drain waits after the first nudge, so that the batches committed meanwhile go in the same
         * {@code _bulk} (one request, one outbox read and delete for all of them); {@code 0s} drains at once. Far
         * below the index's refresh interval (1 s), which bounds when a document becomes searchable anyway.
         */
        @WithDefault("100ms")
        Duration nudgeDelay();
    }

    interface Rebuild {
        /** Records per poll of the replay consumer (one transaction each). */
        @WithDefault("1000")
        int maxPollRecords();

        /** How long a replay may take to catch up with the live projections before the switch gives up. */
        @WithDefault("10m")
        Duration catchUpTimeout();

        /** Whether the retired generation's tables (and index) are dropped after a switch. */
        @WithDefault("true")
        boolean dropRetired();
    }
}
