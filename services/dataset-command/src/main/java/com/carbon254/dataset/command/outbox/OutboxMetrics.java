package com.carbon254.dataset.command.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import com.carbon254.events.catalog.EventType;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The outbox's health in numbers. Prometheus names: {@code carbon254_outbox_backlog},
 * {@code carbon254_outbox_oldest_age_seconds}, {@code carbon254_outbox_published_total},
 * {@code carbon254_outbox_publish_failures_total}.
 *
 * <p>The gauges read a snapshot that the sweep refreshes from the database (a scrape must not query the database
 * on the event loop). The age is computed at scrape time from the oldest row's creation time, so it keeps growing
 * while the relay is stuck, even if the snapshot is not refreshed.
 */
@ApplicationScoped
public class OutboxMetrics {

    private final AtomicReference<Backlog> backlog = new AtomicReference<>(Backlog.EMPTY);
    private final MeterRegistry registry;
    private final Counter failures;
    private final List<Gauge> gauges;

    public OutboxMetrics(MeterRegistry registry) {
        this.registry = registry;
        gauges = List.of(
                Gauge.builder("carbon254.outbox.backlog", backlog, b -> b.get().size())
                        .description("Outbox rows not yet acknowledged by the broker")
                        .register(registry),
                Gauge.builder("carbon254.outbox.oldest.age", this, OutboxMetrics::oldestAgeSeconds)
                        .description("Age of the oldest outbox row not yet acknowledged by the broker (0 when none)")
                        .baseUnit("seconds")
                        .register(registry));
        failures = Counter.builder("carbon254.outbox.publish.failures")
                .description("Failed attempts to publish an outbox row (the row is retried)")
                .register(registry);
        // Registered up front so that the series exists (at 0) before the first publication.
        publishedCounter(EventType.DATASET_CREATED.topic().name());
    }

    /**
     * The gauges read this instance (weakly): removed with it, so that an application restarted in the same JVM
     * (Quarkus tests) registers live ones instead of finding these.
     */
    @PreDestroy
    void removeGauges() {
        gauges.forEach(registry::remove);
    }

    /** Replaces the backlog snapshot. */
    public void updateBacklog(Backlog current) {
        backlog.set(current);
    }

    public Backlog backlog() {
        return backlog.get();
    }

    /** Seconds since the oldest unpublished row was written, or 0. */
    public double oldestAgeSeconds() {
        Instant oldest = backlog.get().oldestCreatedAt();
        return oldest == null ? 0 : Math.max(0, Duration.between(oldest, Instant.now()).toMillis() / 1000.0);
    }

    /** One row published to {@code topic}. */
    public void published(String topic) {
        publishedCounter(topic).increment();
    }

    private Counter publishedCounter(String topic) {
        return Counter.builder("carbon254.outbox.published")
                .description("Outbox rows published and acknowledged by the broker")
                .tag("topic", topic)
                .register(registry);
    }

    /** One failed publish attempt. */
    public void failed() {
        failures.increment();
    }
}
