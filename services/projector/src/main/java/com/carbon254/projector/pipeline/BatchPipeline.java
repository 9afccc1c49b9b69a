package com.carbon254.projector.pipeline;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.carbon254.projector.ProjectorConfig;
import com.carbon254.projector.pipeline.monitoring.ProjectionMetrics;
import com.carbon254.projector.pipeline.monitoring.ProjectionProgress;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * The one batch pipeline of every projection: each consumed batch is applied in ONE transaction with its positions
 * ({@link BatchTransaction}), and a batch that fails is retried or narrowed down so that no single record can stop a
 * projection and no transient failure loses or dead-letters anything:
 * <ul>
 * <li>a <b>transient</b> failure (connection lost, timeout, serialization failure; see {@link Failures}) is retried
 *     with exponential backoff, {@code max-retries} times; if it still fails, the database is asked ({@code SELECT 1}):
 *     when it answers, the batch itself is suspected and narrowed down as below, else the batch keeps being retried
 *     at the maximum backoff until the database is back — nothing is dead-lettered for an outage;</li>
 * <li>an <b>environment</b> failure (missing privilege or table, internal error) is retried the same way for as long
 *     as it lasts and never narrowed down: no record causes it;</li>
 * <li>a <b>record</b> failure (a value the database refuses: a btree index row over its limit, a NUL byte, invalid
 *     text, a constraint) narrows the batch down: it is split in halves, applied in order (each half committing with
 *     its positions), and a single record that still fails is dead-lettered with the reason in a transaction of its
 *     own, which also moves its position past it. Everything else of the batch commits; exactly-once is kept.</li>
 * </ul>
 * Meanwhile {@link ProjectionProgress} knows the batch in flight: consecutive failures and a batch that does not commit
 * within {@code stuck-timeout} make the projection stuck (readiness DOWN, {@code carbon254_projection_stuck}), and the
 * records waiting for a retry are {@code carbon254_projection_retries_in_flight}.
 */
@ApplicationScoped
public class BatchPipeline {

    private static final Logger LOG = Logger.getLogger(BatchPipeline.class);

    @Inject
    BatchTransaction transactions;

    @Inject
    BatchCompletion completion;

    @Inject
    ProjectionProgress progress;

    @Inject
    ProjectionMetrics metrics;

    @Inject
    ProjectorConfig config;

    @Inject
    Pool pool;

    private final Map<String, RetryPolicy> policies = new ConcurrentHashMap<>();

    /** Projects a SmallRye poll batch, then acknowledges it (see {@link BatchCompletion}). */
    public <V> Uni<Void> consume(Projection<V> projection, KafkaRecordBatch<String, V> batch) {
        return consume(projection, batch, ConsumedBatches.of(batch));
    }

    /**
     * Projects the records of a SmallRye poll batch, prepared by the projection (e.g. mapped to its own type), then
     * acknowledges the batch.
     */
    public <V> Uni<Void> consume(Projection<V> projection, KafkaRecordBatch<String, ?> batch,
            List<ConsumedRecord<V>> records) {
        long received = System.nanoTime();
        return project(projection, records).chain(() -> completion.complete(projection.channel(), batch, received));
    }

    /**
     * Projects consumed records; completes once every one is committed (applied, skipped as a redelivery, or
     * dead-lettered). Never fails: what cannot commit yet is retried.
     */
    public <V> Uni<Void> project(Projection<V> projection, List<ConsumedRecord<V>> records) {
        return run(new Run<>(projection, policy(projection.name()), true), records);
    }

    /**
     * Replays records into a projection outside the live channels (a rebuild): the same transactions, retries and
     * narrowing, but nothing is dead-lettered (the live projection did that) nor counted in the live metrics, and a
     * batch that cannot commit after its retries fails instead of waiting.
     */
    public <V> Uni<Void> replay(Projection<V> projection, List<ConsumedRecord<V>> records) {
        return run(new Run<>(projection, policy(projection.name()), false), records);
    }

    /** The retry policy of a projection (configuration, read once). */
    public RetryPolicy policy(String projection) {
        return policies.computeIfAbsent(projection, name -> RetryPolicy.of(config, name));
    }

    /** One projection's batch on its way through the pipeline. */
    private record Run<V>(Projection<V> projection, RetryPolicy policy, boolean live) {
        String name() {
            return projection.name();
        }
    }

    private <V> Uni<Void> run(Run<V> run, List<ConsumedRecord<V>> records) {
        if (records.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        long start = System.nanoTime();
        if (run.live()) {
            progress.started(run.name(), run.policy(), records.size());
        }
        return attempt(run, records)
                .invoke(() -> {
                    if (run.live()) {
                        metrics.batch(run.name(), records.size(), System.nanoTime() - start);
                    }
                })
                .onTermination().invoke(() -> {
                    if (run.live()) {
                        progress.finished(run.name());
                    }
                });
    }

    /** One transaction for these records, retried on transient and environment failures, then handled by kind. */
    private <V> Uni<Void> attempt(Run<V> run, List<ConsumedRecord<V>> records) {
        RetryPolicy policy = run.policy();
        return Uni.createFrom().deferred(() -> transactions.apply(run.projection(), records, run.live()))
                .invoke(batch -> committed(run, batch))
                .onFailure().invoke(failure -> failed(run, records, failure))
                .onFailure(failure -> Failures.classify(failure) != Failures.Kind.RECORD).retry()
                .withBackOff(policy.initialBackoff(), policy.maxBackoff()).atMost(policy.maxRetries())
                .replaceWithVoid()
                .onFailure().recoverWithUni(failure -> afterRetries(run, records, failure));
    }

    private <V> Uni<Void> afterRetries(Run<V> run, List<ConsumedRecord<V>> records, Throwable failure) {
        Failures.Kind kind = Failures.classify(failure);
        if (kind == Failures.Kind.RECORD) {
            return narrow(run, records, failure);
        }
        if (!run.live()) {
            return Uni.createFrom().failure(failure);
        }
        if (kind == Failures.Kind.ENVIRONMENT) {
            return later(run, () -> attempt(run, records));
        }
        return databaseAnswers().chain(answers -> {
            if (answers) {
                LOG.warnf("%s: a batch of %d records keeps failing while the database answers: looking for the"
                        + " record(s) it refuses (%s)", run.name(), records.size(), Failures.describe(failure));
                return narrow(run, records, failure);
            }
            return later(run, () -> attempt(run, records));
        });
    }

    /** Splits a failing batch in halves applied in order; a single failing record is dead-lettered alone. */
    private <V> Uni<Void> narrow(Run<V> run, List<ConsumedRecord<V>> records, Throwable failure) {
        if (records.size() == 1) {
            return rejectAlone(run, records.get(0), failure);
        }
        if (run.live()) {
            metrics.narrowed(run.name());
        }
        LOG.infof("%s: narrowing down a failing batch of %d records (%s)", run.name(), records.size(),
                Failures.describe(failure));
        int half = records.size() / 2;
        List<ConsumedRecord<V>> first = List.copyOf(records.subList(0, half));
        List<ConsumedRecord<V>> second = List.copyOf(records.subList(half, records.size()));
        return attempt(run, first).chain(() -> attempt(run, second));
    }

    /**
     * Dead-letters the one record the database refuses, and moves its position past it. Retried until it commits
     * (live): skipping it without its dead letter would lose it.
     */
    private <V> Uni<Void> rejectAlone(Run<V> run, ConsumedRecord<V> record, Throwable failure) {
        String reason = "the " + run.name() + " projection cannot store this record: " + Failures.describe(failure);
        LOG.warnf("%s: %s %s-%d@%d: %s", run.name(), run.live() ? "dead-lettering" : "skipping (dead-lettered live)",
                record.source().topic(), record.source().partition(), record.source().offset(), reason);
        RetryPolicy policy = run.policy();
        Uni<Void> reject = Uni.createFrom()
                .deferred(() -> transactions.reject(run.projection(), record, reason, failure, run.live()))
                .invoke(batch -> committed(run, batch))
                .onFailure().invoke(f -> failed(run, List.of(record), f))
                .replaceWithVoid();
        return run.live()
                ? reject.onFailure().retry().withBackOff(policy.initialBackoff(), policy.maxBackoff()).indefinitely()
                : reject.onFailure().retry().withBackOff(policy.initialBackoff(), policy.maxBackoff())
                        .atMost(policy.maxRetries());
    }

    private <V> Uni<Void> later(Run<V> run, java.util.function.Supplier<Uni<Void>> next) {
        return Uni.createFrom().voidItem().onItem().delayIt().by(run.policy().maxBackoff()).chain(next::get);
    }

    private Uni<Boolean> databaseAnswers() {
        return pool.query("SELECT 1").execute()
                .ifNoItem().after(Duration.ofSeconds(5)).fail()
                .map(rows -> true)
                .onFailure().recoverWithItem(false);
    }

    private <V> void committed(Run<V> run, ProjectedBatch<V> batch) {
        if (run.live()) {
            progress.committed(run.name());
            metrics.committed(run.name(), batch.outcomes());
        }
    }

    private <V> void failed(Run<V> run, List<ConsumedRecord<V>> records, Throwable failure) {
        if (!run.live()) {
            LOG.warnf("%s: replayed batch of %d records not committed: %s", run.name(), records.size(),
                    Failures.describe(failure));
            return;
        }
        Failures.Kind kind = Failures.classify(failure);
        metrics.batchRetried(run.name());
        if (kind == Failures.Kind.RECORD) {
            // Narrowed down at once: progress towards isolating the record, not a stall.
            LOG.debugf("%s: batch of %d records refused: %s", run.name(), records.size(), Failures.describe(failure));
            return;
        }
        int attempt = progress.failed(run.name(), records.size(), failure);
        LOG.warnf("%s: batch of %d records not committed (attempt %d, %s): %s", run.name(), records.size(), attempt,
                kind.name().toLowerCase(), Failures.describe(failure));
    }
}
