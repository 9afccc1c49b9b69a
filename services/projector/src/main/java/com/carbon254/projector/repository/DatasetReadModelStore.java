package com.carbon254.projector.repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.carbon254.projector.projection.DatasetAttributes;
import com.carbon254.projector.projection.DatasetChange;
import com.carbon254.projector.projection.DatasetState;
import com.carbon254.projector.projection.SourcePosition;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Set-based SQL over the read-model tables of one projection generation, on the reactive PostgreSQL client.
 *
 * <p>Why SQL rather than Panache entities here: a batch is written with one pipelined statement per table
 * ({@code executeBatch}) instead of an entity flush per row, and the same code writes the live tables and the
 * rebuild tables, whose names are only known at run time. The query side, the positions and the rebuild runs are
 * Panache entities.
 */
@ApplicationScoped
public class DatasetReadModelStore {

    /**
     * Key of the advisory lock that fences the live tables: every projection transaction holds it shared, the
     * rebuild switch holds it exclusively while it swaps tables, so no batch straddles a swap.
     */
    public static final long SWITCH_LOCK_KEY = 254_000_001L;

    private static final String DATASET_COLUMNS = "id, version, name, description, owner, format, location, tags, "
            + "columns::text AS columns_json, status, created_at, created_by, updated_at, updated_by, deleted, "
            + "deleted_at, deleted_by, delete_reason, last_event_id";

    @Inject
    Pool pool;

    @Inject
    ProjectionPositionStore positionStore;

    /** Takes the switch lock shared for the rest of the transaction. */
    public Uni<Void> holdSwitchLockShared(SqlConnection tx) {
        return tx.preparedQuery("SELECT pg_advisory_xact_lock_shared($1)").execute(Tuple.of(SWITCH_LOCK_KEY))
                .replaceWithVoid();
    }

    /** Takes the switch lock exclusively for the rest of the transaction (waits for running batches). */
    public Uni<Void> holdSwitchLockExclusive(SqlConnection tx) {
        return tx.preparedQuery("SELECT pg_advisory_xact_lock($1)").execute(Tuple.of(SWITCH_LOCK_KEY))
                .replaceWithVoid();
    }

    /** See {@link ProjectionPositionStore#lockPositions}. */
    public Uni<Map<Integer, Long>> lockPositions(SqlConnection tx, String projection, String topic,
            Collection<Integer> partitions) {
        return positionStore.lockPositions(tx, projection, topic, partitions);
    }

    /** See {@link ProjectionPositionStore#positions}. */
    public Uni<Map<Integer, Long>> positions(SqlClient client, String projection, String topic) {
        return positionStore.positions(client, projection, topic);
    }

    /** See {@link ProjectionPositionStore#savePositions}. */
    public Uni<Void> savePositions(SqlConnection tx, String projection, Collection<SourcePosition> nextPositions) {
        return positionStore.savePositions(tx, projection, nextPositions);
    }

    /**
     * What the history already knows of a batch's events: the ids among {@code eventIds} that are stored, and for
     * each (dataset, version) among {@code versions} that is taken, the id of the event holding it.
     */
    public Uni<KnownEvents> knownEvents(SqlConnection tx, ReadModelTables tables, Collection<String> eventIds,
            Collection<DatasetChange.VersionKey> versions) {
        String[] ids = versions.stream().map(DatasetChange.VersionKey::datasetId).toArray(String[]::new);
        Long[] numbers = versions.stream().map(DatasetChange.VersionKey::datasetVersion).toArray(Long[]::new);
        return tx.preparedQuery("SELECT event_id, dataset_id, dataset_version FROM " + tables.datasetEvent()
                        + " WHERE event_id = ANY($1) UNION SELECT e.event_id, e.dataset_id, e.dataset_version FROM "
                        + tables.datasetEvent() + " e JOIN unnest($2::text[], $3::bigint[]) AS k(id, v) "
                        + "ON e.dataset_id = k.id AND e.dataset_version = k.v")
                .execute(Tuple.of(eventIds.toArray(String[]::new), ids, numbers))
                .map(rows -> {
                    Set<String> known = new HashSet<>();
                    Map<DatasetChange.VersionKey, String> taken = new HashMap<>();
                    for (Row row : rows) {
                        known.add(row.getString(0));
                        taken.put(new DatasetChange.VersionKey(row.getString(1), row.getLong(2)), row.getString(0));
                    }
                    return new KnownEvents(known, taken);
                });
    }

    /** Stored events of a batch: ids, and the event holding each taken (dataset, version). */
    public record KnownEvents(Set<String> eventIds, Map<DatasetChange.VersionKey, String> versions) {
    }

    /** Current states of some datasets, by id (tombstones included). */
    public Uni<Map<String, DatasetState>> findDatasets(SqlClient client, ReadModelTables tables, Collection<String> ids) {
        return client.preparedQuery("SELECT " + DATASET_COLUMNS + " FROM " + tables.dataset() + " WHERE id = ANY($1)")
                .execute(Tuple.of(ids.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, DatasetState> states = new HashMap<>();
                    rows.forEach(row -> states.put(row.getString("id"), state(row)));
                    return states;
                });
    }

    /** Every dataset state, tombstones included, ordered by id (for comparisons and small rebuild checks). */
    public Uni<List<DatasetState>> allDatasets(SqlClient client, ReadModelTables tables) {
        return client.query("SELECT " + DATASET_COLUMNS + " FROM " + tables.dataset() + " ORDER BY id").execute()
                .map(rows -> {
                    List<DatasetState> states = new ArrayList<>();
                    rows.forEach(row -> states.add(state(row)));
                    return states;
                });
    }

    /** Current states the search index still owes (at most {@code limit}), from the search outbox. */
    public Uni<List<DatasetState>> findUnindexed(ReadModelTables tables, int limit) {
        return pool.preparedQuery("SELECT d.* , d.columns::text AS columns_json FROM read_model.search_outbox o JOIN "
                        + tables.dataset() + " d ON d.id = o.dataset_id WHERE o.projection = $1 LIMIT $2")
                .execute(Tuple.of(tables.projection(), limit))
                .map(rows -> {
                    List<DatasetState> states = new ArrayList<>();
                    rows.forEach(row -> states.add(state(row)));
                    return states;
                });
    }

    /** Appends events to the history. A second copy of an event or version fails the transaction (fencing). */
    public Uni<Void> insertEvents(SqlConnection tx, ReadModelTables tables, List<DatasetChange> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = events.stream().map(e -> Tuple.from(java.util.Arrays.asList(
                e.eventId(), e.datasetId(), e.datasetVersion(), e.type().typeName(), utc(e.occurredAt()),
                e.payloadJson(), e.source().topic(), e.source().partition(), e.source().offset()))).toList();
        return tx.preparedQuery("INSERT INTO " + tables.datasetEvent() + " (event_id, dataset_id, dataset_version, "
                        + "event_type, occurred_at, payload, kafka_topic, kafka_partition, kafka_offset) "
                        // Cast through text: the client would bind a String to jsonb as a JSON string literal.
                        + "VALUES ($1, $2, $3, $4, $5, $6::text::jsonb, $7, $8, $9)")
                .executeBatch(rows).replaceWithVoid();
    }

    /** Writes the new current states (insert or replace; the indexed version is kept). */
    public Uni<Void> upsertDatasets(SqlConnection tx, ReadModelTables tables, Collection<DatasetState> states) {
        if (states.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = states.stream().map(s -> {
            DatasetAttributes a = s.attributes();
            return Tuple.from(java.util.Arrays.asList(
                    s.id(), s.version(), a.name(), a.description(), a.owner(), a.format(), a.location(),
                    a.tags().toArray(String[]::new), a.columnsJson(), a.status(), utc(s.createdAt()), s.createdBy(),
                    utc(s.updatedAt()), s.updatedBy(), s.deleted(), utc(s.deletedAt()), s.deletedBy(),
                    s.deleteReason(), s.lastEventId()));
        }).toList();
        return tx.preparedQuery("INSERT INTO " + tables.dataset() + " (id, version, name, description, owner, format, "
                        + "location, tags, columns, status, created_at, created_by, updated_at, updated_by, deleted, "
                        + "deleted_at, deleted_by, delete_reason, last_event_id) VALUES ($1, $2, $3, $4, $5, $6, $7, "
                        + "$8, $9::text::jsonb, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19) ON CONFLICT (id) DO UPDATE SET "
                        + "version = EXCLUDED.version, name = EXCLUDED.name, description = EXCLUDED.description, "
                        + "owner = EXCLUDED.owner, format = EXCLUDED.format, location = EXCLUDED.location, "
                        + "tags = EXCLUDED.tags, columns = EXCLUDED.columns, status = EXCLUDED.status, "
                        + "created_at = EXCLUDED.created_at, created_by = EXCLUDED.created_by, "
                        + "updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by, "
                        + "deleted = EXCLUDED.deleted, deleted_at = EXCLUDED.deleted_at, "
                        + "deleted_by = EXCLUDED.deleted_by, delete_reason = EXCLUDED.delete_reason, "
                        + "last_event_id = EXCLUDED.last_event_id")
                .executeBatch(rows).replaceWithVoid();
    }

    /** Puts changed datasets in the search outbox (in the batch transaction). */
    public Uni<Void> enqueueForSearch(SqlConnection tx, ReadModelTables tables, Collection<DatasetState> states) {
        if (states.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return tx.preparedQuery("INSERT INTO read_model.search_outbox (projection, dataset_id, version) "
                        + "SELECT $1, k.id, k.v FROM unnest($2::text[], $3::bigint[]) AS k(id, v) "
                        + "ON CONFLICT (projection, dataset_id) DO UPDATE SET version = EXCLUDED.version")
                .execute(Tuple.of(tables.projection(), states.stream().map(DatasetState::id).toArray(String[]::new),
                        states.stream().map(DatasetState::version).toArray(Long[]::new)))
                .replaceWithVoid();
    }

    /** Records that the search index now holds (at least) these versions: their outbox entries go. */
    public Uni<Void> markIndexed(ReadModelTables tables, Map<String, Long> versions) {
        if (versions.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery("DELETE FROM read_model.search_outbox o USING unnest($2::text[], $3::bigint[]) "
                        + "AS k(id, v) WHERE o.projection = $1 AND o.dataset_id = k.id AND o.version <= k.v")
                .execute(Tuple.of(tables.projection(), versions.keySet().toArray(String[]::new),
                        versions.values().toArray(Long[]::new)))
                .replaceWithVoid();
    }

    private static DatasetState state(Row row) {
        String[] tags = row.getArrayOfStrings("tags");
        DatasetAttributes attributes = new DatasetAttributes(row.getString("name"), row.getString("description"),
                row.getString("owner"), row.getString("format"), row.getString("location"),
                tags == null ? List.of() : List.of(tags), row.getString("columns_json"), row.getString("status"));
        return new DatasetState(row.getString("id"), row.getLong("version"), attributes,
                instant(row.getOffsetDateTime("created_at")), row.getString("created_by"),
                instant(row.getOffsetDateTime("updated_at")), row.getString("updated_by"),
                row.getBoolean("deleted"), instant(row.getOffsetDateTime("deleted_at")), row.getString("deleted_by"),
                row.getString("delete_reason"), row.getString("last_event_id"));
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
