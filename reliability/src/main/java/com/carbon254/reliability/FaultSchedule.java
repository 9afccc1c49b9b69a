package com.carbon254.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import com.carbon254.devstack.Component;

/**
 * The faults of a run, one after the other at even intervals over its length, each followed by the wait until every
 * service is ready again; the poison records go in four bursts beside them, on their own clock. The cycle of eight
 * faults is injected once per started ten minutes of the run (a 30-minute run injects it three times).
 */
final class FaultSchedule {

    private static final Duration HEALTHY_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration CYCLE = Duration.ofMinutes(10);
    private static final Duration SEARCH_DOWN = Duration.ofSeconds(30);
    private static final Duration BROKER_DOWN = Duration.ofSeconds(30);
    /** Long enough that every consumer of the database exhausts its quick retries and waits at the maximum backoff. */
    private static final Duration DATABASE_DOWN = Duration.ofSeconds(20);

    /** A fault: what it does to the platform, and how it brings the component back; returns what recovery said. */
    private record Fault(String name, Injection injection) {
    }

    @FunctionalInterface
    private interface Injection {
        String inject() throws Exception;
    }

    private final PlatformUnderTest platform;
    private final ClientOutcomes outcomes;
    private final PoisonInjector poison;
    private final List<Fault> faults = new ArrayList<>();

    FaultSchedule(PlatformUnderTest platform, ClientOutcomes outcomes, PoisonInjector poison, int brokers) {
        this.platform = platform;
        this.outcomes = outcomes;
        this.poison = poison;
        faults.add(new Fault("projector kill -9 under load (mid-batch)", () -> bounce("projector")));
        if (brokers == 1) {
            faults.add(new Fault("Kafka broker kill -9, restart",
                    () -> serverDown(Component.KAFKA, Duration.ZERO, "broker back on its port, log kept")));
        } else {
            faults.add(new Fault("one of 3 brokers kill -9, down " + BROKER_DOWN.toSeconds() + " s", () -> {
                platform.stack().killBroker(1);
                pause(BROKER_DOWN);
                platform.stack().restartBroker(1);
                return "broker 2 back, rejoins the ISR";
            }));
        }
        faults.add(new Fault("dataset-command kill -9 (outbox rows not yet relayed)", () -> bounce("dataset-command")));
        faults.add(new Fault("search node down " + SEARCH_DOWN.toSeconds() + " s (kill -9)",
                () -> serverDown(Component.SEARCH, SEARCH_DOWN, "index kept")));
        faults.add(new Fault("projector kill -9 under load", () -> bounce("projector")));
        faults.add(new Fault("PostgreSQL kill -9, down " + DATABASE_DOWN.toSeconds() + " s",
                () -> serverDown(Component.POSTGRES, DATABASE_DOWN, "crash recovery from the WAL")));
        faults.add(new Fault("Flink job kill -9, restore", () -> {
            platform.kill(PlatformUnderTest.FLINK_JOB);
            platform.restart(PlatformUnderTest.FLINK_JOB);
            return "resumed from " + platform.flinkResumedFrom();
        }));
        faults.add(new Fault("projector kill -9 under load", () -> bounce("projector")));
    }

    /** SIGKILL of a server, {@code down} without it, then the server again on its port and data. */
    private String serverDown(Component server, Duration down, String recovery) {
        platform.stack().kill(server);
        pause(down);
        platform.stack().restart(server);
        return recovery;
    }

    private String bounce(String application) {
        platform.kill(application);
        platform.restart(application);
        return "restarted";
    }

    /** Injects every fault and the poison over {@code length}; returns once the length has passed. */
    List<FaultRecord> run(Duration length) throws Exception {
        List<Fault> cycle = List.copyOf(faults);
        for (long more = (length.toMinutes() - 1) / CYCLE.toMinutes(); more > 0; more--) {
            faults.addAll(cycle);
        }
        long start = System.nanoTime();
        long slot = length.toNanos() / (faults.size() + 1);
        ScheduledExecutorService poisoner = Executors.newSingleThreadScheduledExecutor();
        for (int burst = 1; burst <= PoisonInjector.BURSTS; burst++) {
            poisoner.schedule(poison::injectBurst, length.toNanos() * burst / (PoisonInjector.BURSTS + 1),
                    TimeUnit.NANOSECONDS);
        }
        List<FaultRecord> records = new ArrayList<>();
        try {
            for (int i = 0; i < faults.size(); i++) {
                waitUntil(start + slot * (i + 1));
                records.add(inject(i + 1, faults.get(i), start));
            }
            waitUntil(start + length.toNanos());
            poisoner.shutdown();
            if (!poisoner.awaitTermination(2, TimeUnit.MINUTES)) {
                throw new IllegalStateException("the poison bursts did not finish");
            }
        } finally {
            poisoner.shutdownNow();
        }
        return records;
    }

    private FaultRecord inject(int number, Fault fault, long runStart) throws Exception {
        long at = System.nanoTime();
        System.out.printf("fault %d at %.0f s: %s%n", number, (at - runStart) / 1e9, fault.name);
        Map<String, LongAdder> clients = outcomes.beginFault();
        String detail = fault.injection.inject();
        double healthyAfter = awaitHealthy(at);
        outcomes.endFault();
        return new FaultRecord(number, fault.name, (at - runStart) / 1e9, healthyAfter, ClientOutcomes.summary(clients),
                detail);
    }

    /** Seconds from {@code since} until every service is ready again, or -1 if it was not within the timeout. */
    private double awaitHealthy(long since) {
        long deadline = System.nanoTime() + HEALTHY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (platform.healthy()) {
                return (System.nanoTime() - since) / 1e9;
            }
            pause(Duration.ofMillis(250));
        }
        return -1;
    }

    private static void waitUntil(long nanoTime) {
        long wait = nanoTime - System.nanoTime();
        if (wait > 0) {
            pause(Duration.ofNanos(wait));
        }
    }

    private static void pause(Duration duration) {
        try {
            TimeUnit.NANOSECONDS.sleep(duration.toNanos()); // the schedule's own clock
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
