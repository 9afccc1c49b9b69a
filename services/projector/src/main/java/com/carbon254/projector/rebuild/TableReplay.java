package com.carbon254.projector.rebuild;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.TopicPartition;

import com.carbon254.projector.pipeline.EventProjection;
import com.carbon254.projector.pipeline.Generation;
import com.carbon254.projector.pipeline.ProjectionRegistry;
import com.carbon254.readmodel.ReplayedReadModel;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;

/**
 * A read model of plain tables whose rows record their provenance (the position of the record that last changed
 * each): its projections replay into a generation as they project live, and what the replay does not read again is
 * the live rows that records below the start wrote last, copied as they are — in one transaction with the read model's
 * own completion of the copy, if it has one ({@code afterCopy}).
 */
final class TableReplay implements ReplayableReadModel {

    private static final Duration STEP = Duration.ofMinutes(10);

    private final ReplayedReadModel model;
    private final List<EventProjection> projections;
    private final ProjectionRegistry registry;
    private final ReplayStore store;
    private final Pool pool;
    private final BiFunction<SqlClient, Generation, Uni<Void>> afterCopy;

    TableReplay(ReplayedReadModel model, List<EventProjection> projections, ProjectionRegistry registry,
            ReplayStore store, Pool pool, BiFunction<SqlClient, Generation, Uni<Void>> afterCopy) {
        this.model = model;
        this.projections = List.copyOf(projections);
        this.registry = registry;
        this.store = store;
        this.pool = pool;
        this.afterCopy = afterCopy;
    }

    @Override
    public ReplayedReadModel model() {
        return model;
    }

    @Override
    public List<ReplayedProjection<?>> projections(Generation generation) {
        return projections.stream().<ReplayedProjection<?>>map(p -> new ReplayedProjection<>(p.name(),
                registry.topics(p), p.replaying(generation.positions(p.name()), generation),
                record -> record.map(SpecificRecord.class::cast))).toList();
    }

    @Override
    public void seed(ReplayRun run, Map<TopicPartition, Long> start) {
        Generation generation = new Generation(run.generation());
        pool.withTransaction(tx -> {
            Uni<Void> copies = Uni.createFrom().voidItem();
            for (String table : model.tables()) {
                copies = copies.chain(() -> store.copyKept(tx, generation, table, start));
            }
            return copies.chain(() -> afterCopy.apply(tx, generation));
        }).await().atMost(STEP);
    }
}
