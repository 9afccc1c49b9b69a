package com.carbon254.projector.deadletters;

import static com.carbon254.projector.pipeline.SqlTime.utc;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;


import com.carbon254.projector.pipeline.BatchRowCounts;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/** {@code read_model.dead_letter}: every record of every dead-letter topic, and where it was re-driven. */
@ApplicationScoped
public class DeadLetterStore {

    /** A stored dead letter with what re-driving needs. */
    public record Stored(String dlqTopic, int dlqPartition, long dlqOffset, String originalTopic, String recordKey,
            byte[] value, String headersJson, Instant redrivenAt) {
    }

    /** A dead letter's position: its key. */
    public record Position(String dlqTopic, int dlqPartition, long dlqOffset) {
    }

    /** Stores dead letters; a record already stored (a redelivery) is left as it is, re-drive marks included. */
    public Uni<Integer> insert(SqlConnection tx, List<DeadLetter> letters) {
        if (letters.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        List<Tuple> rows = letters.stream().map(d -> Tuple.from(Arrays.asList(d.dlqPosition().topic(),
                d.dlqPosition().partition(), d.dlqPosition().offset(), d.originalTopic(), d.originalPartition(),
                d.originalOffset(), d.reason(), d.cause(), d.eventType(), d.recordKey(),
                d.value() == null ? null : io.vertx.core.buffer.Buffer.buffer(d.value()), d.valuePreview(), d.headers(),
                utc(d.deadLetteredAt() == null ? Instant.now() : d.deadLetteredAt())))).toList();
        return tx.preparedQuery("INSERT INTO read_model.dead_letter (dlq_topic, dlq_partition, dlq_offset, "
                        + "original_topic, original_partition, original_offset, reason, cause, event_type, record_key, "
                        + "value, value_preview, headers, dead_lettered_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
                        + "$10, $11, $12, $13::text::jsonb, $14) "
                        + "ON CONFLICT (dlq_topic, dlq_partition, dlq_offset) DO NOTHING")
                .executeBatch(rows).map(BatchRowCounts::applied);
    }

    /** Locks (FOR UPDATE) and returns the stored dead letters at these positions; unknown positions are absent. */
    public Uni<List<Stored>> lock(SqlConnection tx, List<Position> positions) {
        return tx.preparedQuery("SELECT d.dlq_topic, d.dlq_partition, d.dlq_offset, d.original_topic, d.record_key, "
                        + "d.value, d.headers::text AS headers_json, d.redriven_at FROM read_model.dead_letter d "
                        + "JOIN unnest($1::text[], $2::int[], $3::bigint[]) AS k(t, p, o) "
                        + "ON d.dlq_topic = k.t AND d.dlq_partition = k.p AND d.dlq_offset = k.o FOR UPDATE OF d")
                .execute(Tuple.of(positions.stream().map(Position::dlqTopic).toArray(String[]::new),
                        positions.stream().map(Position::dlqPartition).toArray(Integer[]::new),
                        positions.stream().map(Position::dlqOffset).toArray(Long[]::new)))
                .map(rows -> {
                    List<Stored> stored = new java.util.ArrayList<>();
                    for (Row row : rows) {
                        Buffer value = row.getBuffer("value");
                        var redriven = row.getOffsetDateTime("redriven_at");
                        stored.add(new Stored(row.getString("dlq_topic"), row.getInteger("dlq_partition"),
                                row.getLong("dlq_offset"), row.getString("original_topic"), row.getString("record_key"),
                                value == null ? null : value.getBytes(), row.getString("headers_json"),
                                redriven == null ? null : redriven.toInstant()));
                    }
                    return stored;
                });
    }

    /** Marks a dead letter re-driven: by whom, and where its copy landed on the original topic. */
    public Uni<Void> markRedriven(SqlClient client, Position position, String actor, int partition, long offset) {
        return client.preparedQuery("UPDATE read_model.dead_letter SET redriven_at = now(), redriven_by = $4, "
                        + "redrive_partition = $5, redrive_offset = $6 "
                        + "WHERE dlq_topic = $1 AND dlq_partition = $2 AND dlq_offset = $3")
                .execute(Tuple.of(position.dlqTopic(), position.dlqPartition(), position.dlqOffset(), actor, partition,
                        offset))
                .replaceWithVoid();
    }
}
