package com.carbon254.projector.audit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Creates this month's and next month's partitions of the audit trail ahead, every
 * {@code carbon254.projector.audit.partition-check-interval}, so that no entry lands in the default partition at a
 * month's turn. (Entries are only ever removed by an explicit retention cut, see {@link AuditRetention}.)
 */
@ApplicationScoped
public class AuditPartitionsJob {

    private static final Logger LOG = Logger.getLogger(AuditPartitionsJob.class);

    @Inject
    Pool pool;

    @Inject
    AuditTrailStore store;

    @Scheduled(every = "${carbon254.projector.audit.partition-check-interval:1h}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return store.ensurePartitionsAhead(pool)
                .onFailure().invoke(e -> LOG.warnf("audit partitions not created ahead: %s", e.toString()))
                .onFailure().recoverWithNull();
    }
}
