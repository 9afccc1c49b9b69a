package com.carbon254.projector.service;

import java.util.List;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.carbon254.projector.config.ProjectorConfig;
import com.carbon254.projector.metrics.ProjectionMetrics;
import com.carbon254.projector.projection.BatchResult;
import com.carbon254.projector.projection.DatasetProjection;
import com.carbon254.projector.projection.ProjectionRecord;
import com.carbon254.projector.repository.ReadModelTables;

import io.smallrye.mutiny.Uni;

/**
 * Runs the live dataset projection over one consumed batch: the PostgreSQL transaction (retried with backoff until
 * it commits, since skipping a batch would lose events and the batch must not be reordered), the counters, then a
 * nudge to the search writer, which drains the outbox in parallel with the next batches.
 */
@ApplicationScoped
public class LiveProjectionService {

    private static final Logger LOG = Logger.getLogger(LiveProjectionService.class);

    @Inject
    DatasetProjection projection;

    @Inject
    SearchBacklog searchBacklog;

    @Inject
    ProjectionMetrics metrics;

    @Inject
    ProjectorConfig config;

    /**
     * Projects a batch; completes once PostgreSQL committed it.
     *
     * @param deadLetters sends rejected records to the dead-letter topic (inside the transaction)
     */
    public <H> Uni<BatchResult<H>> project(List<ProjectionRecord<H>> records,
            Function<List<BatchResult.Rejection<H>>, Uni<Void>> deadLetters) {
        ReadModelTables live = ReadModelTables.live();
        long start = System.nanoTime();
        return Uni.createFrom().deferred(() -> projection.apply(live, records, deadLetters))
                .onFailure().invoke(failure -> {
                    LOG.warnf("batch of %d records not committed, retrying: %s", records.size(), failure.toString());
                    metrics.batchRetried(live.projection());
                })
                .onFailure().retry()
                .withBackOff(config.batchRetry().initialBackoff(), config.batchRetry().maxBackoff())
                .indefinitely()
                .invoke(result -> {
                    metrics.committed(live.projection(), result);
                    metrics.batch(live.projection(), records.size(), System.nanoTime() - start);
                    if (!result.changed().isEmpty()) {
                        searchBacklog.nudge();
                    }
                });
    }
}
