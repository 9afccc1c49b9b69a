package com.carbon254.projector.audit;

import static com.carbon254.projector.pipeline.SqlTime.utc;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.carbon254.projector.pipeline.SqlTime;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The audit trail tables: {@code audit_entry} (monthly partitions, one hash chain, append-only), {@code audit_chain_head},
 * {@code audit_event_seen}, {@code audit_chain_anchor}. Hashes are only ever computed by the SQL functions
 * ({@code audit_entry_hash_v2} when appending; {@code audit_entry_computed_hash}, which the query API's verification
 * uses, picks each entry's version).
 */
@ApplicationScoped
public class AuditTrailStore {

    /** Creates the partition of the current month if missing (before inserting, see the contract). */
    public Uni<Void> ensureCurrentPartition(SqlConnection tx) {
        return tx.query("SELECT read_model.audit_ensure_partition(now())").execute().replaceWithVoid();
    }

    /** Locks the chain head for the rest of the transaction: appends are serialised by it. */
    public Uni<Void> lockHead(SqlConnection tx) {
        return tx.query("SELECT seq FROM read_model.audit_chain_head FOR UPDATE").execute().replaceWithVoid();
    }

    /** The ids among these that are already in the trail. */
    public Uni<Set<String>> seen(SqlConnection tx, Collection<String> eventIds) {
        return tx.preparedQuery("SELECT event_id FROM read_model.audit_event_seen WHERE event_id = ANY($1)")
                .execute(Tuple.of(eventIds.toArray(String[]::new)))
                .map(rows -> {
                    Set<String> seen = new HashSet<>();
                    rows.forEach(row -> seen.add(row.getString(0)));
                    return seen;
                });
    }

    /**
     * Appends entries, in order, to the chain (the head must be locked): entry k gets seq head+k and
     * hash = audit_entry_hash_v2(hash of entry k-1, …), computed in one statement that also records the event ids as
     * seen and advances the head.
     */
    public Uni<Void> append(SqlConnection tx, List<AuditEntry> entries) {
        if (entries.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Object> columns = List.of(
                entries.stream().map(AuditEntry::eventId).toArray(String[]::new),
                entries.stream().map(AuditEntry::eventType).toArray(String[]::new),
                entries.stream().map(e -> utc(e.occurredAt())).toArray(OffsetDateTime[]::new),
                entries.stream().map(AuditEntry::actor).toArray(String[]::new),
                entries.stream().map(AuditEntry::submittedBy).toArray(String[]::new),
                entries.stream().map(AuditEntry::action).toArray(String[]::new),
                entries.stream().map(AuditEntry::entity).toArray(String[]::new),
                entries.stream().map(AuditEntry::outcome).toArray(String[]::new),
                entries.stream().map(AuditEntry::source).toArray(String[]::new),
                entries.stream().map(AuditEntry::payload).toArray(String[]::new),
                entries.stream().map(e -> e.position().topic()).toArray(String[]::new),
                entries.stream().map(e -> e.position().partition()).toArray(Integer[]::new),
                entries.stream().map(e -> e.position().offset()).toArray(Long[]::new));
        String hash = "read_model.audit_entry_hash_v2(%s, %s, i.occurred_at, i.event_id, i.event_type, i.actor, "
                + "i.submitted_by, i.action, i.entity, i.outcome, i.source, i.payload::jsonb)";
        return tx.preparedQuery("WITH RECURSIVE input AS (SELECT * FROM unnest($1::text[], $2::text[], "
                        + "$3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], "
                        + "$10::text[], $11::text[], $12::int[], $13::bigint[]) WITH ORDINALITY AS i(event_id, "
                        + "event_type, occurred_at, actor, submitted_by, action, entity, outcome, source, payload, "
                        + "kafka_topic, kafka_partition, kafka_offset, n)), "
                        + "chain AS (SELECT i.n, h.seq + 1 AS seq, h.hash AS prev_hash, "
                        + hash.formatted("h.hash", "h.seq + 1") + " AS hash "
                        + "FROM input i, read_model.audit_chain_head h WHERE i.n = 1 "
                        + "UNION ALL SELECT i.n, c.seq + 1, c.hash, " + hash.formatted("c.hash", "c.seq + 1")
                        + " FROM chain c JOIN input i ON i.n = c.n + 1), "
                        + "inserted AS (INSERT INTO read_model.audit_entry (seq, occurred_at, event_id, event_type, "
                        + "actor, submitted_by, action, entity, outcome, source, payload, kafka_topic, kafka_partition, "
                        + "kafka_offset, prev_hash, hash, hash_version) SELECT c.seq, i.occurred_at, i.event_id, "
                        + "i.event_type, i.actor, i.submitted_by, i.action, i.entity, i.outcome, i.source, "
                        + "i.payload::jsonb, i.kafka_topic, i.kafka_partition, i.kafka_offset, c.prev_hash, c.hash, 2 "
                        + "FROM chain c JOIN input i ON i.n = c.n RETURNING seq, hash), "
                        + "seen AS (INSERT INTO read_model.audit_event_seen (event_id) SELECT event_id FROM input "
                        + "ON CONFLICT DO NOTHING) "
                        + "UPDATE read_model.audit_chain_head SET (seq, hash, updated_at) = "
                        + "(SELECT seq, hash, now() FROM inserted ORDER BY seq DESC LIMIT 1)")
                .execute(Tuple.from(columns))
                .invoke(rows -> {
                    if (rows.rowCount() != 1) {
                        throw new IllegalStateException("the audit chain head was not advanced");
                    }
                })
                .replaceWithVoid();
    }

    /**
     * One link of the chain: an entry's seq, the hash it links to, its stored hash, and whether that hash is what its
     * stored contents give ({@code audit_entry_computed_hash}, the definition verification uses).
     */
    public record Link(long seq, byte[] prevHash, byte[] hash, boolean intact) {
    }

    /** Where the retained chain starts ({@code audit_chain_start()}): the seq and hash the oldest entry links to. */
    public Uni<Link> chainStart(SqlClient client) {
        return client.query("SELECT seq, hash FROM read_model.audit_chain_start()").execute()
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new Link(row.getLong(0), null, row.getBuffer(1).getBytes(), true);
                });
    }

    /** The links of the (at most {@code limit}) entries after {@code seq}, in order. */
    public Uni<List<Link>> linksAfter(SqlClient client, long seq, int limit) {
        return client.preparedQuery("SELECT seq, prev_hash, hash, read_model.audit_entry_computed_hash(e) = hash "
                        + "FROM read_model.audit_entry e WHERE seq > $1 ORDER BY seq LIMIT $2")
                .execute(Tuple.of(seq, limit))
                .map(rows -> {
                    List<Link> links = new ArrayList<>(rows.size());
                    rows.forEach(row -> links.add(new Link(row.getLong(0), row.getBuffer(1).getBytes(),
                            row.getBuffer(2).getBytes(), Boolean.TRUE.equals(row.getBoolean(3)))));
                    return links;
                });
    }

    /** The end of the newest month a retention cut dropped ({@code audit_retained_since()}); null if none was. */
    public Uni<Instant> retainedSince(SqlClient client) {
        return client.query("SELECT read_model.audit_retained_since()").execute()
                .map(rows -> SqlTime.instant(rows.iterator().next().getOffsetDateTime(0)));
    }

    /** Creates the partitions of this month and the next ahead, so that no entry lands in the default partition. */
    public Uni<Void> ensurePartitionsAhead(SqlClient client) {
        return client.query("SELECT read_model.audit_ensure_partition(now()), "
                + "read_model.audit_ensure_partition(now() + interval '1 month')").execute().replaceWithVoid();
    }

    /** What a retention cut removed. */
    public record Cut(Long anchorSeq, byte[] anchorHash, long removedEntries, List<String> droppedPartitions) {
    }

    /**
     * Cuts the start of the trail: every monthly partition ending at or before {@code before} is dropped, after an
     * anchor (seq and hash of the last removed entry) is recorded, by the database function
     * {@code audit_retention_cut} (which runs with the schema owner's rights).
     */
    public Uni<Cut> cut(SqlClient client, Instant before, String cutBy) {
        return client.preparedQuery("SELECT anchor_seq, anchor_hash, removed_entries, dropped_partitions "
                        + "FROM read_model.audit_retention_cut($1, $2)")
                .execute(Tuple.of(utc(before), cutBy))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    Buffer hash = row.getBuffer("anchor_hash");
                    return new Cut(row.getLong("anchor_seq"), hash == null ? null : hash.getBytes(),
                            row.getLong("removed_entries"), List.of(row.getArrayOfStrings("dropped_partitions")));
                });
    }
}
