package com.carbon254.query.service;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.carbon254.query.config.QueryConfig;
import com.carbon254.query.mapping.QualityBelow;
import com.carbon254.query.mapping.QualityStats;
import com.carbon254.query.repository.QualityWindowRepository;

import io.smallrye.mutiny.Uni;

/** Data quality: a dataset's pass-rate windows (Flink aggregates), and the datasets whose latest window is too low. */
@ApplicationScoped
public class QualityService {

    @Inject
    QualityWindowRepository windows;

    @Inject
    QueryConfig config;

    /**
     * The windows overlapping {@code [from, to)}, by start ({@link TimeRange}: defaults and limits from
     * {@code carbon254.query.quality.*}).
     */
    public Uni<QualityStats> windows(String datasetName, Instant from, Instant to) {
        TimeRange range = TimeRange.of(from, to, config.quality());
        return windows.overlapping(datasetName, range.from(), range.to())
                .map(found -> new QualityStats(datasetName, range.from(), range.to(), found));
    }

    /** The datasets whose latest window's pass rate is below {@code passRate}, lowest first, at most {@code limit}. */
    public Uni<QualityBelow> below(double passRate, int limit) {
        return windows.latestBelow(passRate, limit).map(found -> new QualityBelow(passRate, found));
    }
}
