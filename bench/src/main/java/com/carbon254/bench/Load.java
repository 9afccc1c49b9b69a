package com.carbon254.bench;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A closed-loop load: {@code concurrency} workers each send one batch, wait for its acknowledgement, and take the next
 * batch, until every batch is sent or the time limit passes. Batch latency is measured per batch, throughput over
 * the wall time of the whole run.
 */
abstract class Load {

    /** Sends batch {@code index} and returns once every event of it is acknowledged. */
    abstract void sendBatch(int index) throws Exception;

    Measurement run(String path, int batches, int batchSize, int concurrency, long timeLimitNanos) throws Exception {
        AtomicInteger next = new AtomicInteger();
        long[] latencies = new long[batches];
        AtomicInteger done = new AtomicInteger();
        long deadline = System.nanoTime() + timeLimitNanos;
        ExecutorService workers = Executors.newFixedThreadPool(concurrency);
        long start = System.nanoTime();
        try {
            Future<?>[] running = new Future<?>[concurrency];
            for (int w = 0; w < concurrency; w++) {
                running[w] = workers.submit(() -> {
                    for (int i = next.getAndIncrement(); i < batches && System.nanoTime() < deadline;
                         i = next.getAndIncrement()) {
                        long sent = System.nanoTime();
                        sendBatch(i);
                        latencies[i] = System.nanoTime() - sent;
                        done.incrementAndGet();
                    }
                    return null;
                });
            }
            for (Future<?> worker : running) {
                worker.get();
            }
        } finally {
            workers.shutdown();
            workers.awaitTermination(30, TimeUnit.SECONDS);
        }
        long wall = System.nanoTime() - start;
        int completed = done.get();
        long[] measured = new long[completed];
        int k = 0;
        for (long latency : latencies) {
            if (latency > 0 && k < completed) {
                measured[k++] = latency;
            }
        }
        return new Measurement(path, (long) completed * batchSize, batchSize, concurrency, wall, measured);
    }
}
