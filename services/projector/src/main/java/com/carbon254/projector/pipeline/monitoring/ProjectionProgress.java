package com.carbon254.projector.pipeline.monitoring;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import com.carbon254.projector.pipeline.Failures;
import com.carbon254.projector.pipeline.RetryPolicy;

/**
 * Whether each projection of this instance makes progress: the batch it has in flight, since when, and how many of
 * its attempts failed in a row. A projection is <b>stuck</b> when its batch failed {@code stuck-after-failures} times
 * in a row, or has been in the pipeline for {@code stuck-timeout} without committing (a lock it waits for, a hung
 * connection: records are pending and nothing moves). Readiness reports stuck projections DOWN
 * ({@link ProjectionsHealthCheck}); the gauges are {@code carbon254_projection_stuck} and
 * {@code carbon254_projection_retries_in_flight} (see {@link ProjectionMetrics}).
 */
@ApplicationScoped
public class ProjectionProgress {

    private final Map<String, State> states = new ConcurrentHashMap<>();

    /** The progress of one projection. */
    static final class State {
        volatile RetryPolicy policy;
        /** {@link System#nanoTime()} when the batch in flight entered the pipeline; 0 when none is. */
        volatile long inFlightSince;
        volatile int inFlightRecords;
        volatile String lastFailure;
        final AtomicInteger consecutiveFailures = new AtomicInteger();
        /** Records of a batch that failed and waits for (or is in) another attempt. */
        final AtomicLong retrying = new AtomicLong();
    }

    State state(String projection) {
        return states.computeIfAbsent(projection, p -> new State());
    }

    /** A batch entered the pipeline. */
    public void started(String projection, RetryPolicy policy, int records) {
        State state = state(projection);
        state.policy = policy;
        state.inFlightRecords = records;
        state.inFlightSince = System.nanoTime();
    }

    /** A transaction of the batch (or of a part of it) committed: the projection moves. */
    public void committed(String projection) {
        State state = state(projection);
        state.consecutiveFailures.set(0);
        state.retrying.set(0);
        state.lastFailure = null;
        // A narrowed-down batch commits part by part: each part is progress.
        if (state.inFlightSince != 0) {
            state.inFlightSince = System.nanoTime();
        }
    }

    /**
     * An attempt failed; its records wait for another one.
     *
     * @return how many attempts failed in a row
     */
    public int failed(String projection, int records, Throwable failure) {
        State state = state(projection);
        state.retrying.set(records);
        state.lastFailure = Failures.describe(failure);
        return state.consecutiveFailures.incrementAndGet();
    }

    /** The batch left the pipeline (all of it committed). */
    public void finished(String projection) {
        State state = state(projection);
        state.inFlightSince = 0;
        state.inFlightRecords = 0;
        state.retrying.set(0);
    }

    /** Records waiting for a retry. */
    public long retrying(String projection) {
        return state(projection).retrying.get();
    }

    /** Whether the projection is stuck now. */
    public boolean isStuck(String projection) {
        return stuckReason(state(projection)) != null;
    }

    /** The stuck projections, by name, with why. */
    public Map<String, String> stuck() {
        Map<String, String> stuck = new TreeMap<>();
        states.forEach((name, state) -> {
            String reason = stuckReason(state);
            if (reason != null) {
                stuck.put(name, reason);
            }
        });
        return stuck;
    }

    private static String stuckReason(State state) {
        RetryPolicy policy = state.policy;
        long since = state.inFlightSince;
        if (policy == null || since == 0) {
            return null;
        }
        int failures = state.consecutiveFailures.get();
        if (failures >= policy.stuckAfterFailures()) {
            return failures + " attempts in a row failed: " + state.lastFailure;
        }
        Duration waiting = Duration.ofNanos(System.nanoTime() - since);
        if (waiting.compareTo(policy.stuckTimeout()) >= 0) {
            return "a batch of " + state.inFlightRecords + " records has not committed for " + waiting.toSeconds()
                    + " s" + (state.lastFailure == null ? "" : " (last failure: " + state.lastFailure + ")");
        }
        return null;
    }
}
