package com.carbon254.query.service;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.carbon254.query.config.QueryConfig;
import com.carbon254.query.mapping.IngestionStats;
import com.carbon254.query.repository.IngestionWindowRepository;

import io.smallrye.mutiny.Uni;

/** A dataset's ingestion windows (Flink aggregates) over a time range. */
@ApplicationScoped
public class IngestionStatsService {

    @Inject
    IngestionWindowRepository windows;

    @Inject
    QueryConfig config;

    /**
     * The windows overlapping {@code [from, to)}, by start ({@link TimeRange}: defaults and limits from
     * {@code carbon254.query.ingestion-stats.*}).
     */
    public Uni<IngestionStats> windows(String datasetName, Instant from, Instant to) {
        TimeRange range = TimeRange.of(from, to, config.ingestionStats());
        return windows.overlapping(datasetName, range.from(), range.to())
                .map(found -> new IngestionStats(datasetName, range.from(), range.to(), found));
    }
}
