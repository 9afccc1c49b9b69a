package com.carbon254.projector.repository;

import static com.carbon254.projector.repository.IngestionWindowStore.utc;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import com.carbon254.projector.projection.AuditEntry;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The audit trail tables: {@code audit_entry} (monthly partitions, one hash chain), {@code audit_chain_head},
 * {@code audit_event_seen}. Hashes are only ever computed by the SQL function {@code audit_entry_hash}, the one
 * definition the query API's verification uses too.
 */
@ApplicationScoped
public class AuditTrailStore {

    private static final Pattern MONTHLY_PARTITION = Pattern.compile("audit_entry_(\\d{4})_(\\d{2})");

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
     * hash = audit_entry_hash(hash of entry k-1, …), computed in one statement that also records the event ids as
     * seen and advances the head.
     */
    public Uni<Void> append(SqlConnection tx, List<AuditEntry> entries) {
        if (entries.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Object> columns = List.of(
                entries.stream().map(AuditEntry::eventId).toArray(String[]::new),
                entries.stream().map(AuditEntry::eventType).toArray(String[]::new),
                entries.stream().map(e -> utc(e.occurredAt())).toArray(java.time.OffsetDateTime[]::new),
                entries.stream().map(AuditEntry::actor).toArray(String[]::new),
                entries.stream().map(AuditEntry::action).toArray(String[]::new),
                entries.stream().map(AuditEntry::entity).toArray(String[]::new),
                entries.stream().map(AuditEntry::outcome).toArray(String[]::new),
                entries.stream().map(AuditEntry::source).toArray(String[]::new),
                entries.stream().map(AuditEntry::payload).toArray(String[]::new),
                entries.stream().map(e -> e.position().topic()).toArray(String[]::new),
                entries.stream().map(e -> e.position().partition()).toArray(Integer[]::new),
                entries.stream().map(e -> e.position().offset()).toArray(Long[]::new));
        String hash = "read_model.audit_entry_hash(%s, %s, i.occurred_at, i.event_id, i.event_type, i.actor, "
                + "i.action, i.entity, i.outcome, i.source, i.payload::jsonb)";
        return tx.preparedQuery("WITH RECURSIVE input AS (SELECT * FROM unnest($1::text[], $2::text[], "
                        + "$3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], "
                        + "$10::text[], $11::int[], $12::bigint[]) WITH ORDINALITY AS i(event_id, event_type, "
                        + "occurred_at, actor, action, entity, outcome, source, payload, kafka_topic, kafka_partition, "
                        + "kafka_offset, n)), "
                        + "chain AS (SELECT i.n, h.seq + 1 AS seq, h.hash AS prev_hash, "
                        + hash.formatted("h.hash", "h.seq + 1") + " AS hash "
                        + "FROM input i, read_model.audit_chain_head h WHERE i.n = 1 "
                        + "UNION ALL SELECT i.n, c.seq + 1, c.hash, " + hash.formatted("c.hash", "c.seq + 1")
                        + " FROM chain c JOIN input i ON i.n = c.n + 1), "
                        + "inserted AS (INSERT INTO read_model.audit_entry (seq, occurred_at, event_id, event_type, "
                        + "actor, action, entity, outcome, source, payload, kafka_topic, kafka_partition, kafka_offset, "
                        + "prev_hash, hash) SELECT c.seq, i.occurred_at, i.event_id, i.event_type, i.actor, i.action, "
                        + "i.entity, i.outcome, i.source, i.payload::jsonb, i.kafka_topic, i.kafka_partition, "
                        + "i.kafka_offset, c.prev_hash, c.hash FROM chain c JOIN input i ON i.n = c.n "
                        + "RETURNING seq, hash), "
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
     * Retention: creates the partitions of this month and the next ahead, drops the monthly partitions that lie
     * entirely before {@code now - retention} (the chain is then anchored by the oldest retained entry), and prunes
     * the seen event ids recorded before the oldest retained month. Holds the chain head lock, so no append runs
     * meanwhile.
     *
     * @return the names of the dropped partitions
     */
    public Uni<List<String>> enforceRetention(SqlConnection tx, Duration retention) {
        Instant cutoff = Instant.now().minus(retention);
        YearMonth oldestKept = YearMonth.from(cutoff.atZone(ZoneOffset.UTC));
        return lockHead(tx)
                .chain(() -> tx.query("SELECT read_model.audit_ensure_partition(now()), "
                        + "read_model.audit_ensure_partition(now() + interval '1 month')").execute())
                .chain(() -> tx.query("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                        + "JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace n ON n.oid = p.relnamespace "
                        + "WHERE n.nspname = 'read_model' AND p.relname = 'audit_entry'").execute())
                .map(rows -> {
                    List<String> expired = new ArrayList<>();
                    rows.forEach(row -> {
                        Matcher m = MONTHLY_PARTITION.matcher(row.getString(0));
                        if (m.matches() && YearMonth.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)))
                                .isBefore(oldestKept)) {
                            expired.add(row.getString(0));
                        }
                    });
                    return expired;
                })
                .call(expired -> expired.isEmpty() ? Uni.createFrom().voidItem()
                        : Multi.createFrom().iterable(expired)
                                // Names matched MONTHLY_PARTITION above: safe to splice.
                                .onItem().transformToUniAndConcatenate(name -> tx
                                        .query("DROP TABLE read_model." + name).execute())
                                .collect().last().replaceWithVoid())
                .call(() -> tx.preparedQuery("DELETE FROM read_model.audit_event_seen WHERE recorded_at < $1")
                        .execute(Tuple.of(utc(oldestKept.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant()))));
    }
}
