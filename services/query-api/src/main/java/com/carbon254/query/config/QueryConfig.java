package com.carbon254.query.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The query API's settings ({@code carbon254.query.*}). */
@ConfigMapping(prefix = "carbon254.query")
public interface QueryConfig {

    /** Longest wait of {@code GET /datasets/{id}?minVersion=N} for the read model to reach version N. */
    @WithDefault("5s")
    Duration minVersionTimeout();

    /**
     * First pause between two looks at the read model while waiting for a version, when the projector's
     * announcements are not arriving (no listening connection); doubles on each look.
     */
    @WithDefault("10ms")
    Duration minVersionPollInitial();

    /**
     * Longest pause between two looks (bounds how late a waiting reader sees the version), and the pause while the
     * announcements arrive (they end a wait at once; the looks are then a safety net).
     */
    @WithDefault("250ms")
    Duration minVersionPollMax();

    @WithDefault("20")
    int defaultPageSize();

    @WithDefault("100")
    int maxPageSize();

    /** The search alias the projector maintains. */
    @WithDefault("datasets")
    String searchAlias();

    /** Distinct values returned per facet. */
    @WithDefault("20")
    int facetSize();

    /** {@code GET /ingestion-stats/{datasetName}}. */
    WindowRange ingestionStats();

    /** {@code GET /quality/{datasetName}}. */
    WindowRange quality();

    /** {@code GET /lineage/{datasetName}}. */
    Lineage lineage();

    /** {@code GET /audit/verify}. */
    Audit audit();

    /** {@code GET /events} (topic browse). */
    Events events();

    /** The time ranges of a windows query (Flink's event-time windows of one dataset). */
    interface WindowRange {

        /** The range answered when {@code from} is omitted: {@code [to - default-range, to)}. */
        @WithDefault("24h")
        Duration defaultRange();

        /** The longest range one request may ask for (bounds the windows returned). */
        @WithDefault("7d")
        Duration maxRange();
    }

    interface Lineage {

        /** Depth walked when the request gives none. */
        @WithDefault("3")
        int defaultDepth();

        /** The deepest walk allowed (paths are tracked per walk, so depth bounds the work). */
        @WithDefault("10")
        int maxDepth();
    }

    interface Audit {

        /** Entries read per statement while verifying the chain (never the whole trail at once). */
        @WithDefault("1000")
        int verifyChunkSize();
    }

    interface Events {

        /**
         * Longest time one browse request reads the topic (on a worker thread): a filter that matches few records
         * answers with what it found so far and a cursor to continue from.
         */
        @WithDefault("5s")
        Duration timeBudget();

        /** How long the browse consumer waits for metadata and offsets from the broker. */
        @WithDefault("5s")
        Duration brokerTimeout();
    }
}
