package com.carbon254.dataset.command.outbox;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.carbon254.dataset.command.config.OutboxConfig;
import com.carbon254.dataset.command.repository.OutboxRelayRepository;

import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import io.smallrye.mutiny.Uni;

/**
 * The relay's safety net and the outbox's housekeeping. The commit-time trigger covers the normal case; the sweep
 * catches everything else (a failed publication, an instance that crashed between commit and relay, a commit made
 * while another instance held the relay lock) and refreshes the backlog gauges.
 */
@ApplicationScoped
public class OutboxSweep {

    private static final Logger LOG = Logger.getLogger(OutboxSweep.class);

    private final OutboxRelay relay;
    private final OutboxRelayRepository store;
    private final OutboxMetrics metrics;
    private final OutboxConfig config;

    public OutboxSweep(OutboxRelay relay, OutboxRelayRepository store, OutboxMetrics metrics, OutboxConfig config) {
        this.relay = relay;
        this.store = store;
        this.metrics = metrics;
        this.config = config;
    }

    @Scheduled(identity = "outbox-sweep", every = "${dataset-command.outbox.sweep-interval:1s}",
            concurrentExecution = ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        return relay.sweep()
                // Already counted and logged per row when publishing failed; this is the database being unreachable,
                // which readiness reports. Try again at the next tick.
                .onFailure().invoke(e -> LOG.debugf("Outbox sweep failed: %s", e.getMessage()))
                .onFailure().recoverWithNull()
                .chain(store::backlog)
                .invoke(metrics::updateBacklog)
                .onFailure().invoke(e -> LOG.debugf("Outbox backlog not refreshed: %s", e.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    @Scheduled(identity = "outbox-cleanup", every = "${dataset-command.outbox.cleanup-interval:1h}",
            delayed = "1m", concurrentExecution = ConcurrentExecution.SKIP)
    Uni<Void> deletePublishedRows() {
        return store.deletePublishedOlderThan(config.retention())
                .invoke((Integer deleted) -> {
                    if (deleted > 0) {
                        LOG.infof("Outbox cleanup: deleted %d published row(s) older than %s", deleted, config.retention());
                    }
                })
                .onFailure().invoke(e -> LOG.warnf("Outbox cleanup failed: %s", e.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
