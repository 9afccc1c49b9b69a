package com.carbon254.projector.pipeline;

import java.util.List;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * A projection of one or more topics into PostgreSQL tables, run by {@link BatchPipeline}. The pipeline owns the
 * transaction, the stored positions (records below them are redeliveries and never reach the projection), retries,
 * the isolation of a record the database refuses, dead letters, metrics and readiness; a projection only turns fresh
 * records into rows.
 *
 * <p>A projection is a bean whose batch channel ({@code ProjectorChannels}) hands each poll batch to
 * {@link BatchPipeline#consume}; the pipeline finds the projections by their bean type (for positions on rebalance,
 * lag, health). One batch transaction, in this order:
 * <ol>
 * <li>{@link #lockFirst} (e.g. the dataset projection's switch lock), the stored positions of the batch's partitions
 *     (row-locked) and {@link #read} (the reads the writes need) — sent together, one round trip;</li>
 * <li>the writes of the fresh records ({@link Writer}) and the new positions — sent together;</li>
 * <li>the records the projection rejected: {@link #storeRejected}, then their topic's dead-letter topic (unless
 *     {@link #deadLetters()} is false); then the commit, and {@link #committed} after it.</li>
 * </ol>
 *
 * @param <V> value type of the consumed records
 */
public interface Projection<V> {

    /** The projection name: positions are stored, metrics tagged and readiness reported under it. */
    String name();

    /** The SmallRye channel that feeds it (its {@code @Incoming} in {@code ProjectorChannels}); by default its name. */
    default String channel() {
        return name();
    }

    /** Locks the batch transaction takes before the position locks (so that every transaction takes them in order). */
    default Uni<Void> lockFirst(SqlConnection tx) {
        return Uni.createFrom().voidItem();
    }

    /**
     * Reads what the writes of a batch need, sent in the same round trip as the position locks (so after them: the
     * reads see the database under those locks), and returns the step that writes. {@code records} are all the
     * records of the batch, redeliveries included: the fresh ones, which the writer gets, are known only once the
     * positions are. By default nothing is read ahead and {@link #write} does everything.
     */
    default Uni<Writer<V>> read(SqlConnection tx, List<ConsumedRecord<V>> records) {
        return Uni.createFrom().item(this::write);
    }

    /**
     * Writes the rows of a batch's fresh records (in consumption order, offset order per partition) in the given
     * transaction. Must be idempotent per event: a producer may publish the same event twice (same eventId), and a
     * batch whose transaction failed is applied again. A record that cannot be applied (poison, wrong type) is
     * returned as rejected; a throw fails the batch, which the pipeline retries or narrows down to the failing record.
     */
    Uni<ProjectedBatch<V>> write(SqlConnection tx, List<ConsumedRecord<V>> fresh);

    /**
     * Records rejected records in the read model, in the batch transaction, before they are dead-lettered. Nothing by
     * default; the dead-letters projection, which never dead-letters, keeps them here instead.
     */
    default Uni<Void> storeRejected(SqlConnection tx, List<ProjectedBatch.Rejected<V>> rejected) {
        return Uni.createFrom().voidItem();
    }

    /** Whether rejected records go to their topic's dead-letter topic ({@code <topic>.dlq}). */
    default boolean deadLetters() {
        return true;
    }

    /** Called after a batch committed (on the transaction's context: do not block). */
    default void committed(ProjectedBatch<V> batch) {
    }

    /** The writing step of a batch transaction, given the fresh records. */
    @FunctionalInterface
    interface Writer<V> {
        Uni<ProjectedBatch<V>> write(SqlConnection tx, List<ConsumedRecord<V>> fresh);
    }
}
