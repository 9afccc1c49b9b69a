package com.carbon254.projector.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.carbon254.projector.config.ProjectorConfig;
import com.carbon254.projector.repository.AuditTrailStore;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Keeps the audit trail within {@code carbon254.projector.audit.retention} (default 365 days): drops whole monthly
 * partitions past it, prunes the seen event ids with them, and creates next month's partition ahead, so that no
 * entry lands in the default partition at a month's turn.
 */
@ApplicationScoped
public class AuditRetentionJob {

    private static final Logger LOG = Logger.getLogger(AuditRetentionJob.class);

    @Inject
    Pool pool;

    @Inject
    AuditTrailStore store;

    @Inject
    ProjectorConfig config;

    @Scheduled(every = "${carbon254.projector.audit.retention-check-interval:1h}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return enforce().onFailure().invoke(e -> LOG.warnf("audit retention not enforced: %s", e.toString()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Enforces retention now; completes with the dropped partitions. */
    public Uni<List<String>> enforce() {
        return pool.withTransaction(tx -> store.enforceRetention(tx, config.audit().retention()))
                .invoke(dropped -> {
                    if (!dropped.isEmpty()) {
                        LOG.infof("audit retention %s: dropped partitions %s", config.audit().retention(), dropped);
                    }
                });
    }
}
