package com.carbon254.dataset.command.outbox;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.avro.specific.SpecificRecord;
import org.jboss.logging.Logger;

import com.carbon254.dataset.command.config.OutboxConfig;
import com.carbon254.dataset.command.messaging.DataEventsPublisher;
import com.carbon254.dataset.command.repository.OutboxRelayRepository;
import com.carbon254.events.runtime.PublishedEvent;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Publishes the outbox to Kafka: at least once, each event with the eventId it was given at command time, and each
 * dataset's events in version order.
 *
 * <p>One relay batch is one database transaction:
 * <ol>
 *   <li>take the relay advisory lock (or give up at once: another relay, maybe in another instance, is running);</li>
 *   <li>claim the oldest unpublished rows in sequence order;</li>
 *   <li>publish them in waves: wave k holds the k-th row (in version order) of every dataset of the batch, and is
 *       one {@code publishAll} call, sent only once the previous wave was acknowledged (so v3 never overtakes v2;
 *       in the usual batch every dataset has one row and there is one wave, one call). If a wave fails, its rows are
 *       published again one by one, so that one bad row or dataset cannot hold up the others: a dataset whose row
 *       fails has its remaining rows held back, the other datasets go on;</li>
 *   <li>mark the acknowledged rows published (topic, partition, offset), count an attempt on the failed ones, and
 *       commit.</li>
 * </ol>
 * A crash anywhere before the commit leaves every row of the batch unpublished, and the next run publishes them
 * again (a duplicate for the rows the broker had already taken, never a loss); consumers de-duplicate by eventId and
 * apply an event only if its datasetVersion is newer than theirs.
 *
 * <p>Runs are started by {@link #trigger()} right after a command commits, and by the periodic sweep. Within one
 * instance they never overlap (a trigger during a run makes that run go once more); across instances the advisory
 * lock serialises them.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final OutboxRelayRepository store;
    private final OutboxCodec codec;
    private final DataEventsPublisher publisher;
    private final OutboxMetrics metrics;
    private final OutboxConfig config;
    private final Vertx vertx;

    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean rerunRequested = new AtomicBoolean();
    private final AtomicBoolean failing = new AtomicBoolean();

    public OutboxRelay(OutboxRelayRepository store, OutboxCodec codec, DataEventsPublisher publisher,
                       OutboxMetrics metrics, OutboxConfig config, Vertx vertx) {
        this.store = store;
        this.codec = codec;
        this.publisher = publisher;
        this.metrics = metrics;
        this.config = config;
        this.vertx = vertx;
    }

    /**
     * Asks for a relay run now, without waiting for it: called after a command committed, so its event leaves
     * within milliseconds instead of at the next sweep.
     */
    public void trigger() {
        runExclusively().subscribe().with(
                ignored -> { },
                failure -> LOG.warnf(failure, "Outbox relay run failed; the sweep will retry"));
    }

    /** The sweep's run: relays whatever is pending (or lets the run in progress do it). */
    public Uni<Void> sweep() {
        return runExclusively();
    }

    /**
     * Relays until nothing publishable is left. If a run is already going on in this instance, only flags it to go
     * once more when done, so the caller's rows are not left to the next sweep.
     */
    private Uni<Void> runExclusively() {
        return Uni.createFrom().deferred(() -> {
            rerunRequested.set(true);
            if (!running.compareAndSet(false, true)) {
                return Uni.createFrom().voidItem();
            }
            return runWhileRequested();
        });
    }

    private Uni<Void> runWhileRequested() {
        rerunRequested.set(false);
        return drain(0).onItemOrFailure().transformToUni((ignored, failure) -> {
            running.set(false);
            if (rerunRequested.get() && running.compareAndSet(false, true)) {
                return runWhileRequested();
            }
            return failure == null ? Uni.createFrom().voidItem() : Uni.createFrom().failure(failure);
        });
    }

    private Uni<Void> drain(int batches) {
        return relayBatch().flatMap(batch -> batch.full() && batches + 1 < config.maxBatchesPerRun()
                ? drain(batches + 1)
                : Uni.createFrom().voidItem());
    }

    /**
     * One relay transaction (see the class comment). Public so that tests can run several relays at once, as
     * several instances would.
     */
    public Uni<RelayBatch> relayBatch() {
        // Publish acknowledgements may complete on a Kafka thread: come back to a Vert.x context before touching
        // the connection again, so the transaction's statements keep running where the pool expects them.
        Context context = Vertx.currentContext() != null ? Vertx.currentContext() : vertx.getOrCreateContext();
        Executor onContext = command -> context.runOnContext(ignored -> command.run());
        return store.inTransaction(connection -> store.tryLockRelay(connection).flatMap(locked -> locked
                ? store.claimPending(connection, config.batchSize())
                        .flatMap(pending -> publishAndRecord(connection, pending, onContext))
                : Uni.createFrom().item(RelayBatch.LOCKED_ELSEWHERE)));
    }

    private Uni<RelayBatch> publishAndRecord(SqlConnection connection, List<PendingEvent> pending, Executor onContext) {
        if (pending.isEmpty()) {
            return Uni.createFrom().item(RelayBatch.empty());
        }
        Outcome outcome = new Outcome();
        return publishWaves(waves(byDataset(pending)), 0, outcome)
                .emitOn(onContext)
                .chain(() -> store.markPublished(connection, List.copyOf(outcome.published)))
                .chain(() -> recordFailures(connection, List.copyOf(outcome.failed)))
                .map(ignored -> report(pending.size(), outcome));
    }

    /** The batch's rows grouped by dataset (in order of first appearance), each group in version order. */
    private static List<List<PendingEvent>> byDataset(List<PendingEvent> pending) {
        Map<UUID, List<PendingEvent>> groups = new LinkedHashMap<>();
        for (PendingEvent event : pending) {
            groups.computeIfAbsent(event.aggregateId(), id -> new ArrayList<>()).add(event);
        }
        groups.values().forEach(g -> g.sort(Comparator.comparingLong(PendingEvent::aggregateVersion)));
        return List.copyOf(groups.values());
    }

    /** Wave k: the k-th row of every dataset that has one (datasets in order of first appearance). */
    private static List<List<PendingEvent>> waves(List<List<PendingEvent>> byDataset) {
        List<List<PendingEvent>> waves = new ArrayList<>();
        for (List<PendingEvent> rows : byDataset) {
            for (int k = 0; k < rows.size(); k++) {
                if (waves.size() == k) {
                    waves.add(new ArrayList<>());
                }
                waves.get(k).add(rows.get(k));
            }
        }
        return waves;
    }

    /**
     * Publishes the waves one after the other, each as one call. A dataset whose row failed is left out of the later
     * waves (its remaining rows are held back), so its order holds; the other datasets go on.
     */
    private Uni<Void> publishWaves(List<List<PendingEvent>> waves, int index, Outcome outcome) {
        if (index == waves.size()) {
            return Uni.createFrom().voidItem();
        }
        List<PendingEvent> wave = waves.get(index).stream()
                .filter(event -> !outcome.stopped.contains(event.aggregateId()))
                .toList();
        outcome.heldBack.addAndGet(waves.get(index).size() - wave.size());
        if (wave.isEmpty()) {
            return publishWaves(waves, index + 1, outcome);
        }
        return Uni.createFrom().deferred(() -> publisher.publishAll(decodeAll(wave)))
                .onItemOrFailure().transformToUni((stored, failure) -> {
                    if (failure != null) {
                        // Which rows the broker took is unknown: publish them one by one (a duplicate at worst) to
                        // find the failing ones without holding up the rest.
                        return Uni.join().all(wave.stream().map(event -> publishOne(event, outcome)).toList())
                                .andFailFast().replaceWithVoid();
                    }
                    for (int i = 0; i < wave.size(); i++) {
                        published(wave.get(i), stored.get(i), outcome);
                    }
                    return Uni.createFrom().voidItem();
                })
                .chain(() -> publishWaves(waves, index + 1, outcome));
    }

    private List<SpecificRecord> decodeAll(List<PendingEvent> wave) {
        List<SpecificRecord> events = new ArrayList<>(wave.size());
        for (PendingEvent event : wave) {
            events.add(codec.decode(event.eventType(), event.payload()));
        }
        return events;
    }

    /** Publishes one row on its own; a failure is recorded and stops its dataset. */
    private Uni<Void> publishOne(PendingEvent event, Outcome outcome) {
        return Uni.createFrom().deferred(() -> publisher.publish(codec.decode(event.eventType(), event.payload())))
                .onItemOrFailure().transformToUni((published, failure) -> {
                    if (failure != null) {
                        outcome.failed.add(new FailedAttempt(event, failure));
                        outcome.stopped.add(event.aggregateId());
                    } else {
                        published(event, published, outcome);
                    }
                    return Uni.createFrom().voidItem();
                });
    }

    private void published(PendingEvent event, PublishedEvent published, Outcome outcome) {
        outcome.published.add(new Publication(event.sequence(), published.topic(), published.partition(),
                published.offset()));
        metrics.published(published.topic());
    }

    private Uni<Void> recordFailures(SqlConnection connection, List<FailedAttempt> failures) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (FailedAttempt failed : failures) {
            metrics.failed();
            chain = chain.chain(() -> store.markFailed(connection, failed.event().sequence(), describe(failed.error())));
        }
        return chain;
    }

    private RelayBatch report(int claimed, Outcome outcome) {
        RelayBatch batch = new RelayBatch(true, claimed, outcome.published.size(), outcome.failed.size(),
                outcome.heldBack.get(), claimed == config.batchSize() && outcome.failed.isEmpty());
        if (!outcome.failed.isEmpty()) {
            FailedAttempt first = outcome.failed.peek();
            // Loud once when publishing starts failing, quiet while the outage lasts (the sweep retries every
            // second; the backlog gauges tell how bad it is).
            String message = "Outbox relay: %d event(s) not published, %d held back to keep dataset order; first: %s %s (seq %d, attempt %d): %s";
            Object[] args = {outcome.failed.size(), outcome.heldBack.get(), first.event().eventType(), first.event().eventId(),
                    first.event().sequence(), first.event().attempts() + 1, describe(first.error())};
            if (failing.compareAndSet(false, true)) {
                LOG.warnf(message, args);
            } else {
                LOG.debugf(message, args);
            }
        } else if (batch.published() > 0 && failing.compareAndSet(true, false)) {
            LOG.infof("Outbox relay: publishing again (%d event(s) in this batch)", batch.published());
        }
        return batch;
    }

    private static String describe(Throwable error) {
        String message = error.getMessage();
        return error.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    /** What the publications of one batch came to; filled concurrently by the per-dataset chains. */
    private static final class Outcome {
        final ConcurrentLinkedQueue<Publication> published = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<FailedAttempt> failed = new ConcurrentLinkedQueue<>();
        final AtomicInteger heldBack = new AtomicInteger();
        /** Datasets with a failed row in this batch: their later rows are held back. */
        final java.util.Set<UUID> stopped = java.util.concurrent.ConcurrentHashMap.newKeySet();
    }

    private record FailedAttempt(PendingEvent event, Throwable error) {
    }
}
