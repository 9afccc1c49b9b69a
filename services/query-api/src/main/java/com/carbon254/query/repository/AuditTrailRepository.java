package com.carbon254.query.repository;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.carbon254.query.mapping.AuditEntry;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Reads the audit trail ({@code read_model.audit_entry} and {@code audit_chain_head}, appended by the projector's
 * audit-trail projection). Hashes are only ever computed in SQL: {@code audit_entry_computed_hash} recomputes each
 * entry's hash with the definition it was chained with (the projector appends with {@code audit_entry_hash_v2}).
 */
@ApplicationScoped
public class AuditTrailRepository {

    /**
     * Filters of a search; null means "any". {@code from} inclusive, {@code to} exclusive, on occurred_at;
     * {@code eventType} one of UserAction, ApiCall, DataAccess, AdminOperation, Security.
     *
     * @param submittedBy the authenticated identity that submitted the entry (exact)
     */
    public record Filter(String actor, String submittedBy, String entity, String action, String eventType,
            Instant from, Instant to) {
    }

    /** Newest first by seq; {@code $7}: only entries below this seq (the keyset cursor), or null. */
    private static final String SEARCH = """
            SELECT seq, occurred_at, recorded_at, event_id, event_type, actor, submitted_by, action, entity, outcome,
                   source, payload::text AS payload, encode(prev_hash, 'hex') AS prev_hash, encode(hash, 'hex') AS hash
              FROM read_model.audit_entry
             WHERE ($1::text IS NULL OR actor = $1) AND ($2::text IS NULL OR submitted_by = $2)
               AND ($3::text IS NULL OR entity = $3) AND ($4::text IS NULL OR action = $4)
               AND ($5::timestamptz IS NULL OR occurred_at >= $5) AND ($6::timestamptz IS NULL OR occurred_at < $6)
               AND ($7::bigint IS NULL OR seq < $7)
               AND ($9::text IS NULL OR event_type = $9)
             ORDER BY seq DESC
             LIMIT $8""";

    /**
     * One chunk of the chain from seq {@code $1} on (at most {@code $3} entries, none past {@code $2}), each with the
     * hash its stored contents give by the hash version it was chained with ({@code audit_entry_computed_hash}).
     */
    private static final String CHUNK = """
            SELECT seq, prev_hash, hash, read_model.audit_entry_computed_hash(e) AS computed_hash
              FROM read_model.audit_entry e
             WHERE seq >= $1 AND seq <= $2
             ORDER BY seq
             LIMIT $3""";

    /** The newest retention cut: what the oldest retained entry must link to. */
    private static final String LATEST_ANCHOR = """
            SELECT seq, hash, removed_entries, cut_before, cut_at, cut_by
              FROM read_model.audit_chain_anchor ORDER BY seq DESC LIMIT 1""";

    private static final String HEAD = "SELECT seq, hash FROM read_model.audit_chain_head";

    private static final String FIRST_SEQ = "SELECT min(seq) AS seq FROM read_model.audit_entry";

    private static final String HASH_OF = "SELECT hash FROM read_model.audit_entry WHERE seq = $1";

    /**
     * The hash chained before entry 1, as V2__platform_read_models.sql seeds the chain head with it (the migration
     * keeps no other copy of it that could be read).
     */
    private static final String GENESIS = "SELECT sha256(convert_to('254carbon-audit-genesis', 'UTF8')) AS hash";

    /** The application's JSON mapper (Quarkus' own, with the platform's customizations). */
    @Inject
    ObjectMapper json;

    @Inject
    Pool pool;

    /** Up to {@code limit} matching entries below seq {@code before} (or the newest ones), newest first. */
    public Uni<List<AuditEntry>> search(Filter filter, Long before, int limit) {
        Tuple args = Tuple.tuple().addString(filter.actor()).addString(filter.submittedBy())
                .addString(filter.entity()).addString(filter.action())
                .addOffsetDateTime(Rows.utc(filter.from())).addOffsetDateTime(Rows.utc(filter.to()))
                .addLong(before).addInteger(limit).addString(filter.eventType());
        return pool.preparedQuery(SEARCH).execute(args).map(rows -> Rows.list(rows, this::entry));
    }

    private AuditEntry entry(Row row) {
        return new AuditEntry(row.getLong("seq"), Rows.instant(row, "occurred_at"), Rows.instant(row, "recorded_at"),
                row.getString("event_id"), row.getString("event_type"), row.getString("actor"),
                row.getString("submitted_by"), row.getString("action"), row.getString("entity"),
                row.getString("outcome"), row.getString("source"), Rows.json(row, "payload", json),
                row.getString("prev_hash"), row.getString("hash"));
    }

    /** An entry as the chain verification sees it: stored links and the hash recomputed from its contents. */
    public record ChainLink(long seq, byte[] prevHash, byte[] hash, byte[] computedHash) {
    }

    /** The chain head: the seq and hash of the last appended entry (0 and the genesis hash before any). */
    public record Head(long seq, byte[] hash) {
    }

    public Uni<List<ChainLink>> chunk(long fromSeq, long toSeq, int size) {
        return pool.preparedQuery(CHUNK).execute(Tuple.of(fromSeq, toSeq, size)).map(rows -> Rows.list(rows,
                row -> new ChainLink(row.getLong("seq"), bytes(row, "prev_hash"), bytes(row, "hash"),
                        bytes(row, "computed_hash"))));
    }

    public Uni<Head> head() {
        return pool.query(HEAD).execute().map(rows -> {
            Row row = rows.iterator().next();
            return new Head(row.getLong("seq"), bytes(row, "hash"));
        });
    }

    /** The oldest retained seq, or null when the trail is empty. */
    public Uni<Long> firstSeq() {
        return pool.query(FIRST_SEQ).execute().map(rows -> rows.iterator().next().getLong("seq"));
    }

    /** The stored hash of an entry, or null when there is no such entry. */
    public Uni<byte[]> hashOf(long seq) {
        return pool.preparedQuery(HASH_OF).execute(Tuple.of(seq))
                .map(rows -> rows.size() == 0 ? null : bytes(rows.iterator().next(), "hash"));
    }

    /** A retention cut: the last entry it removed (what the oldest retained entry links to), and what it did. */
    public record Anchor(long seq, byte[] hash, long removedEntries, Instant cutBefore, Instant cutAt, String cutBy) {
    }

    /** The newest retention cut, or null when the trail was never cut. */
    public Uni<Anchor> latestAnchor() {
        return pool.query(LATEST_ANCHOR).execute().map(rows -> {
            if (rows.size() == 0) {
                return null;
            }
            Row row = rows.iterator().next();
            return new Anchor(row.getLong("seq"), bytes(row, "hash"), row.getLong("removed_entries"),
                    Rows.instant(row, "cut_before"), Rows.instant(row, "cut_at"), row.getString("cut_by"));
        });
    }

    public Uni<byte[]> genesisHash() {
        return pool.query(GENESIS).execute().map(rows -> bytes(rows.iterator().next(), "hash"));
    }

    private static byte[] bytes(Row row, String column) {
        var buffer = row.getBuffer(column);
        return buffer == null ? null : buffer.getBytes();
    }
}
