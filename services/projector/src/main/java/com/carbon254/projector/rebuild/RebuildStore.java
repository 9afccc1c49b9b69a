package com.carbon254.projector.rebuild;

import static com.carbon254.projector.pipeline.SqlTime.instant;
import static com.carbon254.projector.pipeline.SqlTime.utc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.IntFunction;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.common.TopicPartition;

import com.carbon254.projector.datasets.store.ReadModelTables;
import com.carbon254.projector.pipeline.PositionStore;
import com.carbon254.projector.pipeline.SourcePosition;
import com.carbon254.readmodel.ReadModelSchema;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The SQL of a rebuild: its run ({@code projection_rebuild}), its generation's tables ({@code *_rebuild_<n>}, created
 * {@code LIKE} the live ones), the stored history it may re-fold, and the swap of tables, positions and generation at
 * the switch. Table names are only ever {@link ReadModelTables}' own (checked there), spliced into statements.
 */
@ApplicationScoped
public class RebuildStore {

    @Inject
    Pool pool;

    @Inject
    PositionStore positions;

    /** One stored history row: the event as stored and where it was read. */
    public record HistoryRow(String payload, SourcePosition source) {
    }

    /** The generation a new rebuild gets: one past every generation recorded or attempted. */
    public Uni<Integer> nextGeneration() {
        return pool.preparedQuery("SELECT GREATEST((SELECT max(generation) FROM read_model.projection_generation "
                        + "WHERE projection = $1), (SELECT max(generation) FROM read_model.projection_rebuild "
                        + "WHERE projection = $1), 1) + 1")
                .execute(Tuple.of(ReadModelTables.LIVE_PROJECTION))
                .map(rows -> rows.iterator().next().getInteger(0));
    }

    public Uni<Void> insertRun(RebuildRun run) {
        return pool.preparedQuery("INSERT INTO read_model.projection_rebuild (id, projection, generation, state, "
                        + "from_time, started_at) VALUES ($1, $2, $3, $4, $5, $6)")
                .execute(Tuple.of(run.id, run.projection, run.generation, run.state.name(), utc(run.from),
                        utc(run.startedAt)))
                .replaceWithVoid();
    }

    public Uni<Void> updateRun(RebuildRun run) {
        return pool.preparedQuery("UPDATE read_model.projection_rebuild SET state = $2, events_total = $3, "
                        + "events_done = $4, finished_at = $5, error = $6 WHERE id = $1")
                .execute(Tuple.from(Arrays.asList(run.id, run.state.name(), run.eventsTotal, run.eventsDone,
                        utc(run.finishedAt), run.error)))
                .replaceWithVoid();
    }

    /** The stored outcome of a run; {@code indexName} names a generation's index. */
    public Uni<Optional<RebuildProgress>> run(UUID id, IntFunction<String> indexName) {
        return pool.preparedQuery("SELECT id, projection, generation, state, from_time, events_total, events_done, "
                        + "started_at, finished_at, error FROM read_model.projection_rebuild WHERE id = $1")
                .execute(Tuple.of(id))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Optional.empty();
                    }
                    Row row = rows.iterator().next();
                    int generation = row.getInteger("generation");
                    return Optional.of(new RebuildProgress(row.getUUID("id"), row.getString("projection"), generation,
                            indexName.apply(generation), RebuildState.valueOf(row.getString("state")),
                            instant(row.getOffsetDateTime("from_time")), row.getLong("events_total"),
                            row.getLong("events_done"), 0, null, instant(row.getOffsetDateTime("started_at")),
                            instant(row.getOffsetDateTime("finished_at")), row.getString("error")));
                });
    }

    /** Empty tables for a generation (dropped first if a failed run left them), and no positions or owed documents. */
    public Uni<Void> prepareTables(ReadModelTables tables) {
        return pool.withTransaction(tx -> sql(tx, "DROP TABLE IF EXISTS " + tables.dataset() + ", " + tables.datasetEvent())
                .chain(() -> sql(tx, "CREATE TABLE " + tables.dataset() + " (LIKE " + ReadModelSchema.DATASET
                        + " INCLUDING ALL)"))
                .chain(() -> sql(tx, "CREATE TABLE " + tables.datasetEvent() + " (LIKE " + ReadModelSchema.DATASET_EVENT
                        + " INCLUDING ALL)"))
                .chain(() -> positions.delete(tx, tables.projection()))
                .chain(() -> deleteOwed(tx, List.of(tables.projection()))));
    }

    /**
     * One page of the live history below the start offsets, in (partition, offset) order after
     * ({@code afterPartition}, {@code afterOffset}).
     */
    public Uni<List<HistoryRow>> historyBelow(String topic, Map<TopicPartition, Long> start, int afterPartition,
            long afterOffset, int limit) {
        Integer[] partitions = start.keySet().stream().map(TopicPartition::partition).toArray(Integer[]::new);
        Long[] offsets = start.keySet().stream().map(start::get).toArray(Long[]::new);
        return pool.preparedQuery("SELECT e.payload::text, e.kafka_partition, e.kafka_offset, e.occurred_at "
                        + "FROM read_model.dataset_event e JOIN unnest($1::int[], $2::bigint[]) AS s(p, o) "
                        + "ON e.kafka_partition = s.p AND e.kafka_offset < s.o WHERE e.kafka_topic = $3 "
                        + "AND (e.kafka_partition, e.kafka_offset) > ($4, $5) "
                        + "ORDER BY e.kafka_partition, e.kafka_offset LIMIT $6")
                .execute(Tuple.from(Arrays.asList(partitions, offsets, topic, afterPartition, afterOffset, limit)))
                .map(rows -> {
                    List<HistoryRow> page = new ArrayList<>();
                    rows.forEach(row -> page.add(new HistoryRow(row.getString(0), new SourcePosition(topic,
                            row.getInteger(1), row.getLong(2), instant(row.getOffsetDateTime(3))))));
                    return page;
                });
    }

    /** Positions the replay starts from, so that the switch compares every partition, even one never re-read. */
    public Uni<Void> storeStartPositions(ReadModelTables tables, Map<TopicPartition, Long> start) {
        return pool.withTransaction(tx -> positions.lock(tx, tables.projection(), start.keySet()).chain(stored -> {
            List<SourcePosition> next = new ArrayList<>();
            start.forEach((tp, offset) -> {
                if (stored.getOrDefault(tp, -1L) < offset) {
                    next.add(new SourcePosition(tp.topic(), tp.partition(), offset, null));
                }
            });
            return positions.save(tx, tables.projection(), next);
        }));
    }

    /** Whether the rebuild's positions are at or past every live one (the live ones are row-locked meanwhile). */
    public Uni<Boolean> caughtUp(SqlClient tx, ReadModelTables tables, Collection<TopicPartition> partitions) {
        String topic = partitions.iterator().next().topic();
        return positions.lock(tx, ReadModelTables.LIVE_PROJECTION, partitions)
                .chain(live -> positions.positions(tx, tables.projection(), topic).map(rebuilt -> live.entrySet()
                        .stream().allMatch(e -> rebuilt.getOrDefault(e.getKey().partition(), -1L) >= e.getValue())));
    }

    /**
     * Makes a generation live: renames the live tables to {@code *_retired_<old>} (dropped when {@code dropRetired})
     * and the generation's tables to the live names, gives its positions to the live projection, forgets what either
     * still owed the index (the new one owes nothing: flushed before) and records the generation.
     */
    public Uni<Void> swapTables(SqlClient tx, ReadModelTables tables, int generation, String index,
            boolean dropRetired) {
        return tx.preparedQuery("SELECT generation FROM read_model.projection_generation WHERE projection = $1 FOR UPDATE")
                .execute(Tuple.of(ReadModelTables.LIVE_PROJECTION))
                .map(rows -> rows.size() == 0 ? 1 : rows.iterator().next().getInteger(0))
                .chain(old -> {
                    String retiredDataset = ReadModelSchema.DATASET + "_retired_" + old;
                    String retiredEvents = ReadModelSchema.DATASET_EVENT + "_retired_" + old;
                    return sql(tx, "DROP TABLE IF EXISTS " + retiredDataset + ", " + retiredEvents)
                            .chain(() -> sql(tx, "ALTER TABLE " + ReadModelSchema.DATASET + " RENAME TO "
                                    + ReadModelTables.bare(retiredDataset)))
                            .chain(() -> sql(tx, "ALTER TABLE " + ReadModelSchema.DATASET_EVENT + " RENAME TO "
                                    + ReadModelTables.bare(retiredEvents)))
                            .chain(() -> sql(tx, "ALTER TABLE " + tables.dataset() + " RENAME TO "
                                    + ReadModelTables.bare(ReadModelSchema.DATASET)))
                            .chain(() -> sql(tx, "ALTER TABLE " + tables.datasetEvent() + " RENAME TO "
                                    + ReadModelTables.bare(ReadModelSchema.DATASET_EVENT)))
                            .chain(() -> positions.move(tx, tables.projection(), ReadModelTables.LIVE_PROJECTION))
                            .chain(() -> deleteOwed(tx, List.of(ReadModelTables.LIVE_PROJECTION, tables.projection())))
                            .chain(() -> tx.preparedQuery("INSERT INTO read_model.projection_generation (projection, "
                                            + "generation, index_name, switched_at) VALUES ($1, $2, $3, now()) "
                                            + "ON CONFLICT (projection) DO UPDATE SET generation = EXCLUDED.generation, "
                                            + "index_name = EXCLUDED.index_name, switched_at = now()")
                                    .execute(Tuple.of(ReadModelTables.LIVE_PROJECTION, generation, index)))
                            .chain(() -> dropRetired ? sql(tx, "DROP TABLE " + retiredDataset + ", " + retiredEvents)
                                    : Uni.createFrom().voidItem());
                });
    }

    private static Uni<Void> deleteOwed(SqlClient tx, List<String> projections) {
        return tx.preparedQuery("DELETE FROM read_model.search_outbox WHERE projection = ANY($1)")
                .execute(Tuple.of(projections.toArray(String[]::new))).replaceWithVoid();
    }

    private static Uni<Void> sql(SqlClient tx, String statement) {
        return tx.query(statement).execute().replaceWithVoid();
    }
}
