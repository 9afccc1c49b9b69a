package com.carbon254.query.service;

import com.carbon254.api.runtime.rest.ProblemException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.carbon254.events.runtime.json.FieldViolation;
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
     * The windows overlapping {@code [from, to)}, by start. {@code to} defaults to now, {@code from} to {@code to}
     * minus {@code carbon254.query.ingestion-stats.default-range}; 400 when from is not before to or the range is
     * longer than {@code max-range}.
     */
    public Uni<IngestionStats> windows(String datasetName, Instant from, Instant to) {
        Instant end = to != null ? to : Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Instant start = from != null ? from : end.minus(config.ingestionStats().defaultRange());
        if (!start.isBefore(end)) {
            throw ProblemException.invalid(List.of(new FieldViolation("from",
                    "must be before to (" + end + "), got " + start)));
        }
        Duration maxRange = config.ingestionStats().maxRange();
        if (Duration.between(start, end).compareTo(maxRange) > 0) {
            throw ProblemException.invalid(List.of(new FieldViolation("from",
                    "the range from " + start + " to " + end + " is longer than the maximum of " + maxRange
                            + "; ask for several ranges")));
        }
        return windows.overlapping(datasetName, start, end)
                .map(found -> new IngestionStats(datasetName, start, end, found));
    }
}
