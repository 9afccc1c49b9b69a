package com.carbon254.projector.datasets.search;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.carbon254.projector.ProjectorConfig;
import com.carbon254.projector.pipeline.monitoring.ProjectionMetrics;
import com.carbon254.projector.datasets.DatasetState;
import com.carbon254.projector.datasets.store.DatasetReadModelStore;
import com.carbon254.projector.datasets.store.ReadModelTables;

import io.micrometer.core.instrument.Tags;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * Writes the search index from PostgreSQL, which is the source of truth and, through {@code read_model.search_outbox},
 * the outbox of the index.
 *
 * <p>Each projection batch puts the datasets it changed in the outbox in its own transaction. After the commit the
 * live projection only {@linkplain #nudge() nudges} this writer, which (after {@code nudge-delay}, so that close
 * batches share a drain) drains the outbox (current state of each owed
 * dataset → one {@code _bulk} per page → outbox entries deleted) without holding consumption back: PostgreSQL and the
 * index are written in parallel, and a slow or dead search node never stalls the read model. When a write fails, the
 * owed entries simply stay and the drain is retried with exponential backoff
 * ({@code carbon254.projector.search.initial-backoff} doubling to {@code max-backoff}); a crash between commit and
 * bulk is covered the same way. External versioning makes every re-send harmless.
 *
 * <p>It also creates the first generation's index and alias when the node is first reachable.
 */
@ApplicationScoped
public class SearchBacklog {

    private static final Logger LOG = Logger.getLogger(SearchBacklog.class);

    @Inject
    DatasetSearchProjection searchProjection;

    @Inject
    DatasetReadModelStore store;

    @Inject
    ProjectorConfig config;

    @Inject
    ProjectionMetrics metrics;

    @Inject
    Vertx vertx;

    private final AtomicBoolean indexReady = new AtomicBoolean();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean dirty = new AtomicBoolean();
    /** A nudged drain is waiting for its delay. */
    private final AtomicBoolean drainDue = new AtomicBoolean();
    private volatile Instant nextAttempt = Instant.EPOCH;
    private volatile Duration backoff;
    private AtomicLong backlogGauge;

    /** Whether the alias exists, so live writes may go to it (else they would auto-create a bare index). */
    public boolean indexReady() {
        return indexReady.get();
    }

    /**
     * Says that the outbox has new entries: starts a drain after {@code nudge-delay} unless one is due or runs (which
     * then goes round once more).
     */
    public void nudge() {
        dirty.set(true);
        if (Instant.now().isBefore(nextAttempt)) {
            return;
        }
        long delay = config.search().nudgeDelay().toMillis();
        if (delay <= 0) {
            drainInBackground();
        } else if (drainDue.compareAndSet(false, true)) {
            vertx.setTimer(delay, timer -> {
                drainDue.set(false);
                drainInBackground();
            });
        }
    }

    private void drainInBackground() {
        drain().subscribe().with(ignored -> { }, failure -> LOG.debugf("drain ended: %s", failure));
    }

    /** Writes states to {@code target} and removes the versions the node confirmed from the outbox. */
    public Uni<Void> write(ReadModelTables tables, String target, List<DatasetState> states) {
        return searchProjection.index(target, states)
                .chain(confirmed -> store.markIndexed(tables, confirmed).invoke(() -> {
                    if (confirmed.size() < states.size()) {
                        // Some items were refused: they stay owed, and the next drain waits a little.
                        scheduleRetry();
                    }
                }));
    }

    /** The periodic sweep: retries after failures and catches anything a nudge missed. */
    @Scheduled(every = "${carbon254.projector.search.sweep-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        if (Instant.now().isBefore(nextAttempt)) {
            return Uni.createFrom().voidItem();
        }
        dirty.set(true);
        return drain();
    }

    /** Drains the live outbox page by page while there is something to do; one drain at a time. */
    private Uni<Void> drain() {
        if (!draining.compareAndSet(false, true)) {
            return Uni.createFrom().voidItem();
        }
        return ensureIndex()
                .chain(this::drainWhileDirty)
                .invoke(() -> backoff = null)
                .onFailure().invoke(this::failed)
                .onFailure().recoverWithNull()
                .eventually(() -> draining.set(false))
                .replaceWithVoid();
    }

    private Uni<Void> drainWhileDirty() {
        if (!dirty.getAndSet(false)) {
            return Uni.createFrom().voidItem();
        }
        return sweepOwed().chain(this::drainWhileDirty);
    }

    /** Creates generation 1 (row and index) if there is none, and the alias if missing. */
    public Uni<Void> ensureIndex() {
        if (indexReady.get()) {
            return Uni.createFrom().voidItem();
        }
        return store.liveIndex(searchProjection.indexName(1))
                .chain(index -> searchProjection.ensureAlias(index))
                .invoke(() -> indexReady.set(true));
    }

    private Uni<Void> sweepOwed() {
        ReadModelTables live = ReadModelTables.live();
        return store.findUnindexed(live, config.search().sweepBatchSize()).chain(owed -> {
            backlogGauge().set(owed.size());
            if (owed.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            LOG.debugf("re-sending %d owed dataset documents to the search index", owed.size());
            return write(live, searchProjection.alias(), owed)
                    .chain(() -> owed.size() == config.search().sweepBatchSize() && !Instant.now().isBefore(nextAttempt)
                            ? sweepOwed() : Uni.createFrom().voidItem());
        });
    }

    private void failed(Throwable failure) {
        LOG.warnf("search write failed, the outbox keeps the documents and the drain retries: %s", failure.toString());
        scheduleRetry();
    }

    private void scheduleRetry() {
        Duration current = backoff == null ? config.search().initialBackoff()
                : backoff.multipliedBy(2).compareTo(config.search().maxBackoff()) > 0 ? config.search().maxBackoff()
                : backoff.multipliedBy(2);
        backoff = current;
        nextAttempt = Instant.now().plus(current);
    }

    private AtomicLong backlogGauge() {
        if (backlogGauge == null) {
            backlogGauge = metrics.gauge("carbon254.projection.search.backlog",
                    "Datasets whose search document is behind PostgreSQL (first page)",
                    Tags.of("projection", ReadModelTables.LIVE_PROJECTION));
        }
        return backlogGauge;
    }

}
