package com.carbon254.projector.service;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.carbon254.projector.config.ProjectorConfig;
import com.carbon254.projector.metrics.ProjectionMetrics;
import com.carbon254.projector.projection.ConsumedRecord;
import com.carbon254.projector.projection.DatasetFold;
import com.carbon254.projector.projection.ProjectedBatch;
import com.carbon254.projector.projection.ProjectionFaults;
import com.carbon254.projector.projection.SourcePosition;
import com.carbon254.projector.projection.TableProjection;
import com.carbon254.projector.repository.ProjectionPositionStore;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Runs a {@link TableProjection} over one consumed batch in ONE PostgreSQL transaction that also stores the
 * positions the batch reached, so that a batch is applied with its positions or not at all, and consuming again
 * from the stored positions after any crash gives the same tables. Within the transaction:
 * <ol>
 * <li>the stored positions of the batch's partitions (of every topic in it) are row-locked; records below them are
 *     redeliveries, counted as duplicates and not handed to the projection;</li>
 * <li>the projection writes the rows of the fresh records, and says which it rejects;</li>
 * <li>the new positions are written, the rejected records are handed to the dead-letter sink (their topic's
 *     {@code .dlq}; a retried batch may dead-letter a record twice), and the transaction commits.</li>
 * </ol>
 * A failed transaction is retried with backoff until it commits (skipping the batch would lose events, and the
 * next batch must not overtake it); {@link #stuck()} reports projections that keep failing, for readiness.
 */
@ApplicationScoped
public class TableProjectionService {

    private static final Logger LOG = Logger.getLogger(TableProjectionService.class);

    /** Consecutive failed attempts after which a projection counts as stuck (readiness DOWN). */
    static final int STUCK_AFTER_FAILURES = 5;

    @Inject
    Pool pool;

    @Inject
    ProjectionPositionStore positions;

    @Inject
    ProjectionFaults faults;

    @Inject
    ProjectionMetrics metrics;

    @Inject
    ProjectorConfig config;

    private final Map<String, AtomicInteger> consecutiveFailures = new ConcurrentHashMap<>();

    /**
     * Projects a batch; completes once PostgreSQL committed it (with its positions and dead letters).
     *
     * @param deadLetters sends rejected records to their dead-letter topics (inside the transaction)
     */
    public <V> Uni<ProjectedBatch<V>> project(TableProjection<V> projection, List<ConsumedRecord<V>> records,
            Function<List<ProjectedBatch.Rejected<V>>, Uni<Void>> deadLetters) {
        if (records.isEmpty()) {
            return Uni.createFrom().item(new ProjectedBatch<>());
        }
        String name = projection.name();
        AtomicInteger failures = consecutiveFailures.computeIfAbsent(name, n -> new AtomicInteger());
        long start = System.nanoTime();
        return Uni.createFrom().deferred(() -> pool.withTransaction(tx -> applyInTransaction(tx, projection,
                        records, deadLetters)))
                .onFailure().invoke(failure -> {
                    int attempt = failures.incrementAndGet();
                    LOG.warnf("%s: batch of %d records not committed (attempt %d), retrying: %s", name, records.size(),
                            attempt, failure.toString());
                    metrics.batchRetried(name);
                })
                .onFailure().retry()
                .withBackOff(config.batchRetry().initialBackoff(), config.batchRetry().maxBackoff())
                .indefinitely()
                .invoke(result -> {
                    failures.set(0);
                    metrics.committed(name, result.outcomes());
                    metrics.batch(name, records.size(), System.nanoTime() - start);
                });
    }

    /** Projections whose current batch failed {@value #STUCK_AFTER_FAILURES} times or more in a row. */
    public Set<String> stuck() {
        Set<String> stuck = new HashSet<>();
        consecutiveFailures.forEach((name, failures) -> {
            if (failures.get() >= STUCK_AFTER_FAILURES) {
                stuck.add(name);
            }
        });
        return stuck;
    }

    private <V> Uni<ProjectedBatch<V>> applyInTransaction(SqlConnection tx, TableProjection<V> projection,
            List<ConsumedRecord<V>> records, Function<List<ProjectedBatch.Rejected<V>>, Uni<Void>> deadLetters) {
        Map<String, Set<Integer>> partitionsByTopic = new LinkedHashMap<>();
        records.forEach(r -> partitionsByTopic.computeIfAbsent(r.source().topic(), t -> new HashSet<>())
                .add(r.source().partition()));
        Map<String, Map<Integer, Long>> stored = new HashMap<>();
        return Multi.createFrom().iterable(partitionsByTopic.entrySet())
                .onItem().transformToUniAndConcatenate(e -> positions
                        .lockPositions(tx, projection.name(), e.getKey(), e.getValue())
                        .invoke(p -> stored.put(e.getKey(), p)))
                .collect().last()
                .chain(() -> {
                    Fresh<V> fresh = Fresh.of(records, stored);
                    return projection.apply(tx, fresh.records)
                            .map(batch -> batch.count(DatasetFold.Outcome.DUPLICATE, fresh.redelivered))
                            .call(() -> positions.savePositions(tx, projection.name(), fresh.next.values()))
                            .invoke(() -> faults.beforeCommit(projection.name()))
                            .call(batch -> batch.rejected().isEmpty() ? Uni.createFrom().voidItem()
                                    : deadLetters.apply(batch.rejected()));
                });
    }

    /** The records at or past the stored position of their partition, and the positions the batch reaches. */
    private record Fresh<V>(List<ConsumedRecord<V>> records, Map<String, SourcePosition> next, int redelivered) {

        static <V> Fresh<V> of(List<ConsumedRecord<V>> records, Map<String, Map<Integer, Long>> stored) {
            List<ConsumedRecord<V>> fresh = new ArrayList<>(records.size());
            Map<String, SourcePosition> next = new LinkedHashMap<>();
            Map<String, Long> expected = new HashMap<>();
            stored.forEach((topic, byPartition) -> byPartition.forEach((p, o) -> expected.put(topic + "/" + p, o)));
            int redelivered = 0;
            for (ConsumedRecord<V> record : records) {
                SourcePosition source = record.source();
                String key = source.topic() + "/" + source.partition();
                if (source.offset() < expected.getOrDefault(key, Long.MIN_VALUE)) {
                    redelivered++;
                    continue;
                }
                expected.put(key, source.offset() + 1);
                next.put(key, new SourcePosition(source.topic(), source.partition(), source.offset() + 1,
                        source.recordTime()));
                fresh.add(record);
            }
            return new Fresh<>(fresh, next, redelivered);
        }
    }
}
