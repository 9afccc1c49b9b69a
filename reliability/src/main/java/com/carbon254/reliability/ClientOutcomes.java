package com.carbon254.reliability;

import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/**
 * What the clients saw, by client and HTTP status ({@code -1}: no answer), counted for the fault being injected at the
 * time, or for the steady periods between faults.
 */
final class ClientOutcomes {

    private static final int KEPT_SERVER_ERROR_BODIES = 5;

    private final Map<String, LongAdder> all = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> steady = new ConcurrentHashMap<>();
    private volatile Map<String, LongAdder> current = steady;
    /** The first server errors' bodies (their problem detail names an error id to look up in the service's log). */
    private final Queue<String> serverErrorBodies = new ConcurrentLinkedQueue<>();

    void record(String client, Http.Answer answer) {
        int status = answer.status();
        if (status >= 500 && status != 503 && serverErrorBodies.size() < KEPT_SERVER_ERROR_BODIES) {
            serverErrorBodies.add(client + " " + status + ": " + answer.body());
        }
        String key = client + " " + (status < 0 ? "no-answer" : Integer.toString(status));
        current.computeIfAbsent(key, k -> new LongAdder()).increment();
        all.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    /**
     * Answers that are server errors other than 503 (which says "not now, retry": what a service owes its clients
     * while a dependency is down), over the whole run.
     */
    Map<String, LongAdder> serverErrors() {
        Map<String, LongAdder> errors = new TreeMap<>();
        all.forEach((key, count) -> {
            String status = key.substring(key.indexOf(' ') + 1);
            if (status.startsWith("5") && !status.equals("503")) {
                errors.put(key, count);
            }
        });
        return errors;
    }

    /** What the first few of {@link #serverErrors()} answered, to find their cause in the services' logs. */
    List<String> serverErrorBodies() {
        return List.copyOf(serverErrorBodies);
    }

    /** From now on outcomes count for a fault, until {@link #endFault()}. */
    Map<String, LongAdder> beginFault() {
        Map<String, LongAdder> during = new ConcurrentHashMap<>();
        current = during;
        return during;
    }

    void endFault() {
        current = steady;
    }

    /** "gateway 202×310 503×12; commands 201×40" — clients in name order, statuses in order. */
    static String summary(Map<String, LongAdder> outcomes) {
        Map<String, Map<String, Long>> byClient = new TreeMap<>();
        outcomes.forEach((key, count) -> {
            String[] parts = key.split(" ", 2);
            byClient.computeIfAbsent(parts[0], c -> new TreeMap<>()).put(parts[1], count.sum());
        });
        return byClient.entrySet().stream()
                .map(client -> client.getKey() + " " + client.getValue().entrySet().stream()
                        .map(s -> s.getKey() + "×" + s.getValue()).collect(Collectors.joining(" ")))
                .collect(Collectors.joining("; "));
    }

    void printSteady() {
        System.out.println("between faults, clients saw: " + summary(steady));
    }
}
