package com.carbon254.projector.pipeline;

import java.util.List;

import org.apache.avro.specific.SpecificRecord;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * A projection of one event type into rows where the latest event wins: each event is written over its row unless the
 * row already holds a newer one, and an event that changes nothing (older, or redelivered) is counted stale. Records
 * that are poison or of another type are rejected. The subclass gives the event type and its store's write, which it
 * gets through its constructor: it is a {@code @Singleton} bean, since a normal-scoped bean's client proxy would need
 * a constructor without parameters.
 *
 * @param <E> the event type
 */
public abstract class LatestWinsProjection<E extends SpecificRecord> extends EventProjection {

    /** A store's write of a batch's events into the tables of a generation. */
    @FunctionalInterface
    public interface RowWriter<E> {

        /** @return how many of {@code events} changed a row (the rest are stale) */
        Uni<Integer> write(SqlConnection tx, Generation generation, List<ConsumedRecord<E>> events);
    }

    private final Class<E> type;
    private final RowWriter<E> rows;

    protected LatestWinsProjection(String name, Class<E> type, RowWriter<E> rows) {
        super(name);
        this.type = type;
        this.rows = rows;
    }

    @Override
    protected final Uni<ProjectedBatch<SpecificRecord>> write(SqlConnection tx,
            List<ConsumedRecord<SpecificRecord>> records, Generation generation) {
        ProjectedBatch<SpecificRecord> batch = new ProjectedBatch<>();
        List<ConsumedRecord<E>> events = batch.accept(records, type);
        return rows.write(tx, generation, events).map(applied -> batch.count(Outcome.APPLIED, applied)
                .count(Outcome.STALE, events.size() - applied));
    }
}
