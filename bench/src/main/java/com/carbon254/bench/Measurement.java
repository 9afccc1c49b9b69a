package com.carbon254.bench;

import java.util.Arrays;

/**
 * What one path achieved: events stored per second of wall time, and the latency of its batches (from the first
 * byte sent to the acknowledgement of the whole batch).
 *
 * @param path            what was measured
 * @param events          events stored
 * @param batchSize       events per batch
 * @param concurrency     batches in flight at once
 * @param wallNanos       wall time of the whole run
 * @param batchLatencyNanos latency of every batch
 */
record Measurement(String path, long events, int batchSize, int concurrency, long wallNanos, long[] batchLatencyNanos) {

    double eventsPerSecond() {
        return events / (wallNanos / 1e9);
    }

    double percentileMillis(double percentile) {
        long[] sorted = batchLatencyNanos.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }
}
