package com.carbon254.projector.datasets.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.carbon254.readmodel.DatasetVersionNotices;
import com.carbon254.projector.datasets.DatasetAttributes;
import com.carbon254.projector.datasets.DatasetChange;
import com.carbon254.projector.datasets.DatasetState;
import com.carbon254.projector.pipeline.SourcePosition;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Set-based SQL over the read-model tables of one projection generation, on the reactive PostgreSQL client.
 *
 * <p>Why SQL rather than entities: a batch is written with one statement ({@code unnest} over array parameters, see
 * {@link #writeBatch}) instead of an entity flush per row, and the same code writes the live tables and the rebuild
 * tables, whose names are only known at run time.
 */
@ApplicationScoped
public class DatasetReadModelStore {

    private static final String DATASET_COLUMNS = "id, version, name, description, owner, format, location, tags, "
            + "columns::text AS columns_json, status, created_at, created_by, updated_at, updated_by, deleted, "
            + "deleted_at, deleted_by, delete_reason, last_event_id";

    @Inject
    Pool pool;

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

    /**
     * Announces the versions a batch makes visible in the live read model ({@link DatasetVersionNotices}), so the query
     * API's read-your-writes waits look again at once. PostgreSQL delivers the notices when, and only if, this
     * transaction commits.
     */
    public Uni<Void> announceVersions(SqlConnection tx, Collection<DatasetState> states) {
        Map<String, Long> versions = new LinkedHashMap<>();
        states.forEach(state -> versions.put(state.id(), state.version()));
        List<Tuple> notices = DatasetVersionNotices.payloads(versions).stream()
                .map(payload -> Tuple.of(DatasetVersionNotices.CHANNEL, payload))
                .toList();
        if (notices.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return tx.preparedQuery("SELECT pg_notify($1, $2)").executeBatch(notices).replaceWithVoid();
    }

    /**
     * Writes a batch's effect on the read model in ONE statement (one round trip, one plan, one executor run instead
     * of one per row): the history rows, the new current states (insert or replace), and their search-outbox entries.
     * Each column travels as one array parameter and is expanded with {@code unnest}. A second copy of an event or
     * version in the history fails the statement, and so the transaction (fencing).
     */
    public Uni<Void> writeBatch(SqlConnection tx, ReadModelTables tables, List<DatasetChange> events,
            Collection<DatasetState> states) {
        if (events.isEmpty() && states.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int e = events.size();
        String[] eventIds = new String[e];
        String[] eventDatasets = new String[e];
        Long[] eventVersions = new Long[e];
        String[] eventTypes = new String[e];
        OffsetDateTime[] occurredAt = new OffsetDateTime[e];
        String[] payloads = new String[e];
        String[] topics = new String[e];
        Integer[] partitions = new Integer[e];
        Long[] offsets = new Long[e];
        for (int i = 0; i < e; i++) {
            DatasetChange event = events.get(i);
            eventIds[i] = event.eventId();
            eventDatasets[i] = event.datasetId();
            eventVersions[i] = event.datasetVersion();
            eventTypes[i] = event.type().typeName();
            occurredAt[i] = utc(event.occurredAt());
            payloads[i] = event.payloadJson();
            topics[i] = event.source().topic();
            partitions[i] = event.source().partition();
            offsets[i] = event.source().offset();
        }
        int n = states.size();
        String[] ids = new String[n];
        Long[] versions = new Long[n];
        String[] names = new String[n];
        String[] descriptions = new String[n];
        String[] owners = new String[n];
        String[] formats = new String[n];
        String[] locations = new String[n];
        String[] tags = new String[n];
        String[] columns = new String[n];
        String[] statuses = new String[n];
        OffsetDateTime[] createdAt = new OffsetDateTime[n];
        String[] createdBy = new String[n];
        OffsetDateTime[] updatedAt = new OffsetDateTime[n];
        String[] updatedBy = new String[n];
        Boolean[] deleted = new Boolean[n];
        OffsetDateTime[] deletedAt = new OffsetDateTime[n];
        String[] deletedBy = new String[n];
        String[] deleteReasons = new String[n];
        String[] lastEventIds = new String[n];
        int i = 0;
        for (DatasetState s : states) {
            DatasetAttributes a = s.attributes();
            ids[i] = s.id();
            versions[i] = s.version();
            names[i] = a.name();
            descriptions[i] = a.description();
            owners[i] = a.owner();
            formats[i] = a.format();
            locations[i] = a.location();
            // text[] per row cannot be an element of a text[] parameter: it travels as a JSON array.
            tags[i] = new JsonArray(a.tags()).encode();
            columns[i] = a.columnsJson();
            statuses[i] = a.status();
            createdAt[i] = utc(s.createdAt());
            createdBy[i] = s.createdBy();
            updatedAt[i] = utc(s.updatedAt());
            updatedBy[i] = s.updatedBy();
            deleted[i] = s.deleted();
            deletedAt[i] = utc(s.deletedAt());
            deletedBy[i] = s.deletedBy();
            deleteReasons[i] = s.deleteReason();
            lastEventIds[i] = s.lastEventId();
            i++;
        }
        Tuple parameters = Tuple.from(List.<Object>of(eventIds, eventDatasets, eventVersions, eventTypes,
                occurredAt, payloads, topics, partitions, offsets,
                ids, versions, names, descriptions, owners, formats, locations, tags, columns, statuses, createdAt,
                createdBy, updatedAt, updatedBy, deleted, deletedAt, deletedBy, deleteReasons, lastEventIds,
                tables.projection()));
        return tx.preparedQuery("WITH history AS (INSERT INTO " + tables.datasetEvent() + " (event_id, dataset_id, "
                        + "dataset_version, event_type, occurred_at, payload, kafka_topic, kafka_partition, kafka_offset) "
                        + "SELECT h.event_id, h.dataset_id, h.dataset_version, h.event_type, h.occurred_at, "
                        // Cast through text: the client would bind a String to jsonb as a JSON string literal.
                        + "h.payload::jsonb, h.kafka_topic, h.kafka_partition, h.kafka_offset FROM unnest($1::text[], "
                        + "$2::text[], $3::bigint[], $4::text[], $5::timestamptz[], $6::text[], $7::text[], $8::int[], "
                        + "$9::bigint[]) AS h(event_id, dataset_id, dataset_version, event_type, occurred_at, payload, "
                        + "kafka_topic, kafka_partition, kafka_offset)), "
                        + "states AS (INSERT INTO " + tables.dataset() + " (id, version, name, description, owner, "
                        + "format, location, tags, columns, status, created_at, created_by, updated_at, updated_by, "
                        + "deleted, deleted_at, deleted_by, delete_reason, last_event_id) SELECT s.id, s.version, "
                        + "s.name, s.description, s.owner, s.format, s.location, "
                        + "ARRAY(SELECT jsonb_array_elements_text(s.tags::jsonb)), s.columns::jsonb, s.status, "
                        + "s.created_at, s.created_by, s.updated_at, s.updated_by, s.deleted, s.deleted_at, "
                        + "s.deleted_by, s.delete_reason, s.last_event_id FROM unnest($10::text[], $11::bigint[], "
                        + "$12::text[], $13::text[], $14::text[], $15::text[], $16::text[], $17::text[], $18::text[], "
                        + "$19::text[], $20::timestamptz[], $21::text[], $22::timestamptz[], $23::text[], "
                        + "$24::boolean[], $25::timestamptz[], $26::text[], $27::text[], $28::text[]) AS s(id, "
                        + "version, name, description, owner, format, location, tags, columns, status, created_at, "
                        + "created_by, updated_at, updated_by, deleted, deleted_at, deleted_by, delete_reason, "
                        + "last_event_id) ON CONFLICT (id) DO UPDATE SET "
                        + "version = EXCLUDED.version, name = EXCLUDED.name, description = EXCLUDED.description, "
                        + "owner = EXCLUDED.owner, format = EXCLUDED.format, location = EXCLUDED.location, "
                        + "tags = EXCLUDED.tags, columns = EXCLUDED.columns, status = EXCLUDED.status, "
                        + "created_at = EXCLUDED.created_at, created_by = EXCLUDED.created_by, "
                        + "updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by, "
                        + "deleted = EXCLUDED.deleted, deleted_at = EXCLUDED.deleted_at, "
                        + "deleted_by = EXCLUDED.deleted_by, delete_reason = EXCLUDED.delete_reason, "
                        + "last_event_id = EXCLUDED.last_event_id RETURNING id, version) "
                        // The search outbox: the changed datasets, in the same statement as the rows it points at.
                        + "INSERT INTO read_model.search_outbox (projection, dataset_id, version) "
                        + "SELECT $29, id, version FROM states "
                        + "ON CONFLICT (projection, dataset_id) DO UPDATE SET version = EXCLUDED.version")
                .execute(parameters).replaceWithVoid();
    }

    /**
     * The index of the live generation: the first generation (and {@code index}, its index) is recorded if none is.
     */
    public Uni<String> liveIndex(String firstIndex) {
        return pool.preparedQuery("INSERT INTO read_model.projection_generation (projection, generation, index_name) "
                        + "VALUES ($1, 1, $2) ON CONFLICT (projection) DO NOTHING")
                .execute(Tuple.of(ReadModelTables.LIVE_PROJECTION, firstIndex))
                .chain(() -> pool.preparedQuery("SELECT index_name FROM read_model.projection_generation "
                        + "WHERE projection = $1").execute(Tuple.of(ReadModelTables.LIVE_PROJECTION)))
                .map(rows -> rows.iterator().next().getString(0));
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

    /** Forgets what these projections (generations) still owe the search index. */
    public Uni<Void> deleteOwed(SqlClient client, List<String> projections) {
        return client.preparedQuery("DELETE FROM read_model.search_outbox WHERE projection = ANY($1)")
                .execute(Tuple.of(projections.toArray(String[]::new))).replaceWithVoid();
    }

    /** One stored history row: the event as stored and where it was read. */
    public record HistoryRow(String payload, SourcePosition source) {
    }

    /**
     * One page of the live history below the start offsets, in (partition, offset) order after
     * ({@code afterPartition}, {@code afterOffset}).
     */
    public Uni<List<HistoryRow>> historyBelow(String topic, Map<Integer, Long> start, int afterPartition,
            long afterOffset, int limit) {
        Integer[] partitions = start.keySet().toArray(Integer[]::new);
        Long[] offsets = start.keySet().stream().map(start::get).toArray(Long[]::new);
        return pool.preparedQuery("SELECT e.payload::text, e.kafka_partition, e.kafka_offset, e.occurred_at "
                        + "FROM read_model.dataset_event e JOIN unnest($1::int[], $2::bigint[]) AS s(p, o) "
                        + "ON e.kafka_partition = s.p AND e.kafka_offset < s.o WHERE e.kafka_topic = $3 "
                        + "AND (e.kafka_partition, e.kafka_offset) > ($4, $5) "
                        + "ORDER BY e.kafka_partition, e.kafka_offset LIMIT $6")
                .execute(Tuple.from(Arrays.asList(partitions, offsets, topic, afterPartition, afterOffset,
                        limit)))
                .map(rows -> {
                    List<HistoryRow> page = new ArrayList<>();
                    rows.forEach(row -> page.add(new HistoryRow(row.getString(0), new SourcePosition(topic,
                            row.getInteger(1), row.getLong(2), instant(row.getOffsetDateTime(3))))));
                    return page;
                });
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
