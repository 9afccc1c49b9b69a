package com.carbon254.projector.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.common.TopicPartition;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * ONE PostgreSQL transaction for a batch of records: the rows a projection writes and the positions the batch reaches
 * commit together or not at all, so that consuming again from the stored positions after any crash gives the same
 * tables (exactly-once effect). Its statements go out in two pipelined round trips — the locks and reads, then the
 * writes — as {@link Projection} describes. PostgreSQL runs a connection's statements in the order sent, so the
 * reads still see the database under the locks, exactly as one after the other would.
 *
 * <p>Records below the stored position of their partition are redeliveries: counted as duplicates, never handed to
 * the projection. Two instances that both think they own a partition serialize on the position row lock, and the
 * second skips what the first applied.
 */
@ApplicationScoped
public class BatchTransaction {

    @Inject
    Pool pool;

    @Inject
    PositionStore positions;

    @Inject
    DeadLetterSink deadLetters;

    /**
     * Applies a batch; completes once PostgreSQL committed it (with its positions and dead letters).
     *
     * @param deadLetter whether rejected records go to their dead-letter topic (a live batch), or are only counted
     *                   (a replay: the live projection dead-lettered them already)
     */
    public <V> Uni<ProjectedBatch<V>> apply(Projection<V> projection, List<ConsumedRecord<V>> records,
            boolean deadLetter) {
        return run(projection, records, deadLetter, tx -> projection.read(tx, records));
    }

    /**
     * Rejects one record in a transaction of its own (the batch was narrowed down to it: the database refuses it):
     * its position moves past it and it is dead-lettered with the reason, unless a position already covers it.
     */
    public <V> Uni<ProjectedBatch<V>> reject(Projection<V> projection, ConsumedRecord<V> record, String reason,
            Throwable cause, boolean deadLetter) {
        Projection.Writer<V> rejectAll = (tx, fresh) -> {
            ProjectedBatch<V> batch = new ProjectedBatch<>();
            fresh.forEach(r -> batch.reject(r, reason, cause));
            return Uni.createFrom().item(batch);
        };
        return run(projection, List.of(record), deadLetter, tx -> Uni.createFrom().item(rejectAll));
    }

    private <V> Uni<ProjectedBatch<V>> run(Projection<V> projection, List<ConsumedRecord<V>> records,
            boolean deadLetter, java.util.function.Function<SqlConnection, Uni<Projection.Writer<V>>> read) {
        Set<TopicPartition> partitions = new LinkedHashSet<>();
        records.forEach(r -> partitions.add(new TopicPartition(r.source().topic(), r.source().partition())));
        return pool.withTransaction(tx -> Uni.combine().all()
                .unis(projection.lockFirst(tx), positions.lock(tx, projection.name(), partitions), read.apply(tx))
                .with((locked, stored, writer) -> new Step<>(Fresh.of(records, stored), writer))
                .chain(step -> Uni.combine().all()
                        .unis(step.fresh.records.isEmpty() ? Uni.createFrom().item(new ProjectedBatch<V>())
                                        : step.writer.write(tx, step.fresh.records),
                                positions.save(tx, projection.name(), step.fresh.next.values()))
                        .with((batch, saved) -> batch.count(Outcome.DUPLICATE, step.fresh.redelivered)))
                .call(batch -> batch.rejected().isEmpty() ? Uni.createFrom().voidItem()
                        : projection.storeRejected(tx, batch.rejected())
                                .chain(() -> deadLetter && projection.deadLetters()
                                        ? deadLetters.send(batch.rejected()) : Uni.createFrom().voidItem())))
                .invoke(projection::committed);
    }

    private record Step<V>(Fresh<V> fresh, Projection.Writer<V> writer) {
    }

    /** The records at or past the stored position of their partition, and the positions the batch reaches. */
    private record Fresh<V>(List<ConsumedRecord<V>> records, Map<TopicPartition, SourcePosition> next,
            int redelivered) {

        static <V> Fresh<V> of(List<ConsumedRecord<V>> records, Map<TopicPartition, Long> stored) {
            List<ConsumedRecord<V>> fresh = new ArrayList<>(records.size());
            Map<TopicPartition, SourcePosition> next = new LinkedHashMap<>();
            Map<TopicPartition, Long> expected = new LinkedHashMap<>(stored);
            int redelivered = 0;
            for (ConsumedRecord<V> record : records) {
                SourcePosition source = record.source();
                TopicPartition partition = new TopicPartition(source.topic(), source.partition());
                if (source.offset() < expected.getOrDefault(partition, Long.MIN_VALUE)) {
                    redelivered++;
                    continue;
                }
                expected.put(partition, source.offset() + 1);
                next.put(partition, new SourcePosition(source.topic(), source.partition(), source.offset() + 1,
                        source.recordTime()));
                fresh.add(record);
            }
            return new Fresh<>(fresh, next, redelivered);
        }
    }
}
