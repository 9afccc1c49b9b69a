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
import java.util.function.BiFunction;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.common.TopicPartition;

import com.carbon254.projector.pipeline.Generation;
import com.carbon254.projector.pipeline.PositionStore;
import com.carbon254.projector.pipeline.SourcePosition;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The SQL of a replay, whatever the read model: its run ({@code projection_rebuild}), its generation's tables (created
 * {@code LIKE} the live ones: the read-model migrations are their only DDL), what it keeps of the live tables, its
 * positions, and the swap of tables, positions and generation at the switch. Table names are only ever the contract's
 * own ({@link Generation#table} checks them), spliced into statements.
 */
@ApplicationScoped
public class ReplayStore {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Pool pool;

    @Inject
    PositionStore positions;

    /** The generation a new replay of a read model gets: one past every generation recorded or attempted. */
    public Uni<Integer> nextGeneration(String readModel) {
        return pool.preparedQuery("SELECT GREATEST((SELECT max(generation) FROM read_model.projection_generation "
                        + "WHERE projection = $1), (SELECT max(generation) FROM read_model.projection_rebuild "
                        + "WHERE projection = $1), 1) + 1")
                .execute(Tuple.of(readModel))
                .map(rows -> rows.iterator().next().getInteger(0));
    }

    public Uni<Void> insertRun(ReplayRun run) {
        return pool.preparedQuery("INSERT INTO read_model.projection_rebuild (id, projection, generation, state, "
                        + "from_time, from_offsets, started_at) VALUES ($1, $2, $3, $4, $5, $6::text::jsonb, $7)")
                .execute(Tuple.from(Arrays.asList(run.id, run.readModel.name(), run.generation, run.state.name(),
                        utc(run.start.from()), offsetsJson(run.start.offsets()), utc(run.startedAt))))
                .replaceWithVoid();
    }

    public Uni<Void> updateRun(ReplayRun run) {
        return pool.preparedQuery("UPDATE read_model.projection_rebuild SET state = $2, events_total = $3, "
                        + "events_done = $4, finished_at = $5, error = $6 WHERE id = $1")
                .execute(Tuple.from(Arrays.asList(run.id, run.state.name(), run.eventsTotal, run.eventsDone,
                        utc(run.finishedAt), run.error)))
                .replaceWithVoid();
    }

    /** The stored outcome of a run; {@code index} names a read model's generation's index (or null). */
    public Uni<Optional<RebuildProgress>> run(UUID id, BiFunction<String, Integer, String> index) {
        return pool.preparedQuery("SELECT id, projection, generation, state, from_time, from_offsets::text, "
                        + "events_total, events_done, started_at, finished_at, error FROM read_model.projection_rebuild "
                        + "WHERE id = $1")
                .execute(Tuple.of(id))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Optional.empty();
                    }
                    Row row = rows.iterator().next();
                    String readModel = row.getString("projection");
                    int generation = row.getInteger("generation");
                    return Optional.of(new RebuildProgress(row.getUUID("id"), readModel, generation,
                            index.apply(readModel, generation), RebuildState.valueOf(row.getString("state")),
                            instant(row.getOffsetDateTime("from_time")), offsets(row.getString("from_offsets")),
                            row.getLong("events_total"), row.getLong("events_done"), 0, null,
                            instant(row.getOffsetDateTime("started_at")), instant(row.getOffsetDateTime("finished_at")),
                            row.getString("error")));
                });
    }

    /**
     * Empty tables for a generation (dropped first if a failed run left them), and no positions under the replay's
     * names.
     */
    public Uni<Void> prepareTables(Generation generation, List<String> tables, Collection<String> replayNames) {
        return pool.withTransaction(tx -> {
            Uni<Void> steps = sql(tx, "DROP TABLE IF EXISTS " + String.join(", ",
                    tables.stream().map(generation::table).toList()));
            for (String table : tables) {
                steps = steps.chain(() -> sql(tx, "CREATE TABLE " + generation.table(table) + " (LIKE " + table
                        + " INCLUDING ALL)"));
            }
            return steps.chain(() -> deletePositions(tx, replayNames));
        });
    }

    /** Drops what a failed replay left: its generation's tables (null: it has none) and its positions. */
    public Uni<Void> discard(Generation generation, List<String> tables, Collection<String> replayNames) {
        return pool.withTransaction(tx -> (generation == null ? Uni.createFrom().voidItem()
                : sql(tx, "DROP TABLE IF EXISTS " + String.join(", ", tables.stream().map(generation::table).toList())))
                .chain(() -> deletePositions(tx, replayNames)));
    }

    /** Forgets the positions stored under these (replay) names. */
    public Uni<Void> deletePositions(SqlClient client, Collection<String> names) {
        return client.preparedQuery("DELETE FROM read_model.projection_position WHERE projection = ANY($1)")
                .execute(Tuple.of(names.toArray(String[]::new))).replaceWithVoid();
    }

    /**
     * Copies into a generation's table the live rows no record at or past {@code start} wrote last (by their
     * provenance columns {@code kafka_topic}, {@code kafka_partition}, {@code kafka_offset}; a row without provenance
     * predates it and is kept). Rows written later than the start was read have provenance past it: not copied.
     */
    public Uni<Void> copyKept(SqlClient tx, Generation generation, String table, Map<TopicPartition, Long> start) {
        List<TopicPartition> partitions = List.copyOf(start.keySet());
        return tx.preparedQuery("INSERT INTO " + generation.table(table) + " SELECT * FROM " + table + " l WHERE "
                        + "l.kafka_topic IS NULL OR NOT EXISTS (SELECT 1 FROM unnest($1::text[], $2::int[], "
                        + "$3::bigint[]) AS s(topic, kafka_partition, start_offset) WHERE s.topic = l.kafka_topic "
                        + "AND s.kafka_partition = l.kafka_partition AND l.kafka_offset >= s.start_offset)")
                .execute(Tuple.of(partitions.stream().map(TopicPartition::topic).toArray(String[]::new),
                        partitions.stream().map(TopicPartition::partition).toArray(Integer[]::new),
                        partitions.stream().map(start::get).toArray(Long[]::new)))
                .replaceWithVoid();
    }

    /** Positions a replay starts from, so that the switch compares every partition, even one never re-read. */
    public Uni<Void> storeStartPositions(String replayName, Map<TopicPartition, Long> start) {
        return pool.withTransaction(tx -> positions.lock(tx, replayName, start.keySet()).chain(stored -> {
            List<SourcePosition> next = new ArrayList<>();
            start.forEach((tp, offset) -> {
                if (stored.getOrDefault(tp, -1L) < offset) {
                    next.add(new SourcePosition(tp.topic(), tp.partition(), offset, null));
                }
            });
            return positions.save(tx, replayName, next);
        }));
    }

    /** Whether a replay's positions are at or past every live one (the live ones are row-locked meanwhile). */
    public Uni<Boolean> caughtUp(SqlClient tx, String liveName, String replayName,
            Collection<TopicPartition> partitions) {
        return positions.lock(tx, liveName, partitions).chain(live -> positions.lock(tx, replayName, partitions)
                .map(replayed -> live.entrySet().stream()
                        .allMatch(e -> replayed.getOrDefault(e.getKey(), -1L) >= e.getValue())));
    }

    /**
     * Makes a generation live: renames each live table to {@code <table>_retired_<old>} (dropped when
     * {@code dropRetired}) and the generation's to the live name, gives the replay's positions to the live projections
     * and records the generation (and its index).
     *
     * @param replayToLive the replay's position names → the live projections'
     * @return the generation retired (1 for the tables the migrations created)
     */
    public Uni<Integer> swapTables(SqlClient tx, String readModel, List<String> tables, Generation generation,
            String index, Map<String, String> replayToLive, boolean dropRetired) {
        return tx.preparedQuery("SELECT generation FROM read_model.projection_generation WHERE projection = $1 "
                        + "FOR UPDATE")
                .execute(Tuple.of(readModel))
                .map(rows -> rows.size() == 0 ? 1 : rows.iterator().next().getInteger(0))
                .call(old -> {
                    List<String> retired = tables.stream().map(t -> t + "_retired_" + old).toList();
                    Uni<Void> steps = sql(tx, "DROP TABLE IF EXISTS " + String.join(", ", retired));
                    for (int i = 0; i < tables.size(); i++) {
                        String live = tables.get(i);
                        String away = Generation.bare(retired.get(i));
                        steps = steps.chain(() -> sql(tx, "ALTER TABLE " + live + " RENAME TO " + away))
                                .chain(() -> sql(tx, "ALTER TABLE " + generation.table(live) + " RENAME TO "
                                        + Generation.bare(live)));
                    }
                    for (Map.Entry<String, String> names : replayToLive.entrySet()) {
                        steps = steps.chain(() -> positions.move(tx, names.getKey(), names.getValue()));
                    }
                    return steps
                            .chain(() -> tx.preparedQuery("INSERT INTO read_model.projection_generation (projection, "
                                            + "generation, index_name, switched_at) VALUES ($1, $2, $3, now()) "
                                            + "ON CONFLICT (projection) DO UPDATE SET generation = EXCLUDED.generation, "
                                            + "index_name = EXCLUDED.index_name, switched_at = now()")
                                    .execute(Tuple.of(readModel, generation.number(), index)))
                            .chain(() -> dropRetired ? sql(tx, "DROP TABLE " + String.join(", ", retired))
                                    : Uni.createFrom().voidItem());
                });
    }

    private static Uni<Void> sql(SqlClient tx, String statement) {
        return tx.query(statement).execute().replaceWithVoid();
    }

    private static String offsetsJson(List<StartPoint.Offset> offsets) {
        try {
            return offsets == null ? null : JSON.writeValueAsString(offsets);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<StartPoint.Offset> offsets(String json) {
        try {
            return json == null ? null : JSON.readValue(json, new TypeReference<List<StartPoint.Offset>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable from_offsets " + json, e);
        }
    }
}
