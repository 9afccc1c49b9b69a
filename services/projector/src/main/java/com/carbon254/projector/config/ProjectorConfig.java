package com.carbon254.projector.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The projector's own settings ({@code carbon254.projector.*}); Kafka, datasource and search hosts are Quarkus'. */
@ConfigMapping(prefix = "carbon254.projector")
public interface ProjectorConfig {

    /** The event store topic the dataset projection reads. */
    @WithDefault("data-events")
    String topic();

    /** Retries of a batch transaction that failed (database down, conflict with a zombie instance, …). */
    Retry batchRetry();

    Search search();

    Rebuild rebuild();

    ServiceTimeline serviceTimeline();

    Audit audit();

    interface ServiceTimeline {
        /** Entries kept per service (newest first); older ones are deleted as new ones arrive. */
        @WithDefault("200")
        int maxEntries();
    }

    interface Audit {
        /** How long audit entries are kept: whole monthly partitions older than this are dropped. */
        @WithDefault("P365D")
        Duration retention();

        /** How often retention is enforced (and next month's partition created ahead). */
        @WithDefault("1h")
        Duration retentionCheckInterval();
    }

    interface Retry {
        @WithDefault("200ms")
        Duration initialBackoff();

        @WithDefault("10s")
        Duration maxBackoff();
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
        /** Records per poll of the rebuild consumer (one transaction each). */
        @WithDefault("1000")
        int maxPollRecords();

        /** How long a rebuild may take to catch up with the live projection before the switch gives up. */
        @WithDefault("10m")
        Duration catchUpTimeout();

        /** Whether the retired generation's tables and index are dropped after a switch. */
        @WithDefault("true")
        boolean dropRetired();
    }
}
