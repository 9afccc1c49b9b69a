package com.carbon254.query.service;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import com.carbon254.api.runtime.rest.ProblemException;
import com.carbon254.events.runtime.json.FieldViolation;
import com.carbon254.query.config.QueryConfig;

/**
 * The range {@code [from, to)} a windows query answers: {@code to} defaults to now, {@code from} to {@code to} minus
 * the default range; 400 when from is not before to or the range is longer than the maximum.
 */
record TimeRange(Instant from, Instant to) {

    static TimeRange of(Instant from, Instant to, QueryConfig.WindowRange limits) {
        Instant end = to != null ? to : Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Instant start = from != null ? from : end.minus(limits.defaultRange());
        if (!start.isBefore(end)) {
            throw ProblemException.invalid(List.of(new FieldViolation("from",
                    "must be before to (" + end + "), got " + start)));
        }
        Duration maxRange = limits.maxRange();
        if (Duration.between(start, end).compareTo(maxRange) > 0) {
            throw ProblemException.invalid(List.of(new FieldViolation("from",
                    "the range from " + start + " to " + end + " is longer than the maximum of " + maxRange
                            + "; ask for several ranges")));
        }
        return new TimeRange(start, end);
    }
}
