package com.carbon254.dataset.command.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

import com.carbon254.dataset.command.outbox.Backlog;
import com.carbon254.dataset.command.outbox.OutboxMetrics;

/**
 * Liveness with the outbox's state attached for operators. Always UP: a backlog means the broker or the database is
 * unavailable, which readiness reports (PostgreSQL and Kafka checks); restarting this process would not publish a
 * single event sooner, and the outbox keeps every event until it can. Alert on the backlog gauges instead.
 */
@Liveness
@ApplicationScoped
public class OutboxRelayHealthCheck implements HealthCheck {

    private final OutboxMetrics metrics;

    public OutboxRelayHealthCheck(OutboxMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public HealthCheckResponse call() {
        Backlog backlog = metrics.backlog();
        return HealthCheckResponse.named("outbox-relay")
                .up()
                .withData("backlog", backlog.size())
                .withData("oldestAgeSeconds", (long) metrics.oldestAgeSeconds())
                .build();
    }
}
