package com.carbon254.dataset.command.repository;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import com.carbon254.dataset.command.outbox.Backlog;
import com.carbon254.dataset.command.outbox.PendingEvent;
import com.carbon254.dataset.command.outbox.Publication;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The relay's access to the outbox, in plain SQL on the reactive pool: it needs PostgreSQL features (advisory
 * locks, {@code FOR UPDATE SKIP LOCKED}, batched updates) and a transaction that stays open while events are
 * published, which is simpler to hold on a connection than in a Hibernate session bound to one Vert.x context.
 */
@ApplicationScoped
public class OutboxRelayRepository {

    /**
     * Key of the PostgreSQL advisory lock a relay run holds for its transaction. One relay at a time, across every
     * instance of the service: that keeps each dataset's events in version order on the topic even when several
     * instances relay (two relays could otherwise publish v2 and v3 of one dataset concurrently).
     */
    static final long RELAY_LOCK_KEY = 0x254C_0DA7_A5E7L;

    private final Pool pool;

    public OutboxRelayRepository(Pool pool) {
        this.pool = pool;
    }

    /** Runs {@code work} in one transaction: committed if its Uni succeeds, rolled back if it fails. */
    public <T> Uni<T> inTransaction(Function<SqlConnection, Uni<T>> work) {
        return pool.withTransaction(work);
    }

    /** Takes the relay lock for the rest of the transaction; false if another relay holds it. Never waits. */
    public Uni<Boolean> tryLockRelay(SqlConnection connection) {
        return connection.preparedQuery("SELECT pg_try_advisory_xact_lock($1)")
                .execute(Tuple.of(RELAY_LOCK_KEY))
                .map(rows -> rows.iterator().next().getBoolean(0));
    }

    /**
     * Claims the oldest unpublished rows, in sequence order. {@code FOR UPDATE SKIP LOCKED} is a second fence
     * behind the advisory lock: a row can be claimed by one transaction only, whoever else looks at it.
     */
    public Uni<List<PendingEvent>> claimPending(SqlConnection connection, int limit) {
        return connection.preparedQuery("""
                        SELECT seq, event_id, event_type, aggregate_id, aggregate_version, payload, publish_attempts
                          FROM dataset_command.outbox
                         WHERE published_at IS NULL
                         ORDER BY seq
                         LIMIT $1
                           FOR UPDATE SKIP LOCKED""")
                .execute(Tuple.of(limit))
                .map(rows -> {
                    List<PendingEvent> pending = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        pending.add(new PendingEvent(row.getLong("seq"), row.getUUID("event_id"),
                                row.getString("event_type"), row.getUUID("aggregate_id"),
                                row.getLong("aggregate_version"), row.getBuffer("payload").getBytes(),
                                row.getInteger("publish_attempts")));
                    }
                    return pending;
                });
    }

    /** Records where the broker stored each row; from now on the relay never publishes these rows again. */
    public Uni<Void> markPublished(SqlConnection connection, List<Publication> publications) {
        if (publications.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> batch = publications.stream()
                .map(p -> Tuple.of(p.sequence(), p.topic(), p.partition(), p.offset()))
                .toList();
        return connection.preparedQuery("""
                        UPDATE dataset_command.outbox
                           SET published_at = now(), topic = $2, kafka_partition = $3, kafka_offset = $4,
                               publish_attempts = publish_attempts + 1
                         WHERE seq = $1""")
                .executeBatch(batch)
                .replaceWithVoid();
    }

    /** Counts a failed attempt on a row and keeps the error for operators; the row stays unpublished. */
    public Uni<Void> markFailed(SqlConnection connection, long sequence, String error) {
        return connection.preparedQuery("""
                        UPDATE dataset_command.outbox
                           SET publish_attempts = publish_attempts + 1, last_error = $2
                         WHERE seq = $1""")
                .execute(Tuple.of(sequence, error))
                .replaceWithVoid();
    }

    /** Size and age of the unpublished part of the outbox (served by the partial index). */
    public Uni<Backlog> backlog() {
        return pool.query("SELECT count(*), min(created_at) FROM dataset_command.outbox WHERE published_at IS NULL")
                .execute()
                .map(rows -> {
                    Row row = rows.iterator().next();
                    OffsetDateTime oldest = row.getOffsetDateTime(1);
                    return new Backlog(row.getLong(0), oldest == null ? null : oldest.toInstant());
                });
    }

    /** Deletes published rows older than {@code retention}; returns how many. Unpublished rows are never deleted. */
    public Uni<Integer> deletePublishedOlderThan(Duration retention) {
        return pool.preparedQuery("""
                        DELETE FROM dataset_command.outbox
                         WHERE published_at IS NOT NULL AND published_at < $1""")
                .execute(Tuple.of(OffsetDateTime.ofInstant(Instant.now().minus(retention), java.time.ZoneOffset.UTC)))
                .map(rows -> rows.rowCount());
    }
}
