package com.carbon254.devstack.server;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Servers started or stopped side by side, each on a daemon thread of its own (named after it in thread dumps): the
 * stack's servers at start, a Kafka cluster's nodes at start and at stop.
 */
public final class Parallel {

    private Parallel() {
    }

    /** Runs {@code task} on a new daemon thread called {@code threadName}. */
    public static CompletableFuture<Void> run(String threadName, Runnable task) {
        return CompletableFuture.runAsync(task, runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            thread.start();
        });
    }

    /** Waits for every task, also after one failed; the message of each failure, in the tasks' order. */
    public static List<String> failures(List<CompletableFuture<Void>> tasks) {
        List<String> failures = new ArrayList<>();
        for (CompletableFuture<Void> task : tasks) {
            try {
                task.join();
            } catch (CompletionException e) {
                failures.add(e.getCause().getMessage());
            }
        }
        return failures;
    }
}
