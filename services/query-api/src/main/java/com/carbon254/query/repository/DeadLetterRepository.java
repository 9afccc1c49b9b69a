package com.carbon254.query.repository;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Reads {@code read_model.dead_letter} (written by the projector's dead-letters projection). */
@ApplicationScoped
public class DeadLetterRepository {

    /** Filters of a listing; null means "any". {@code topic} matches the original topic or the DLQ topic. */
    public record Filter(String topic, Boolean redriven) {
    }

    /**
     * The position of a dead letter in the listing order (newest first): the keyset cursor. Rows are ordered by
     * (dead_lettered_at, dlq_topic, dlq_partition, dlq_offset) descending, which is total since the last three are
     * the key.
     */
    public record Position(Instant deadLetteredAt, String dlqTopic, int dlqPartition, long dlqOffset) {
    }

    /** A dead_letter row, headers still as stored ({@code [{"key": k, "value": base64 or null}]}). */
    public record DeadLetterRow(String dlqTopic, int dlqPartition, long dlqOffset, String originalTopic,
            Integer originalPartition, Long originalOffset, String reason, String cause, String eventType,
            String recordKey, Integer valueSizeBytes, String valuePreview, String headersJson,
            Instant deadLetteredAt, Instant redrivenAt, String redrivenBy, Integer redrivePartition,
            Long redriveOffset) {

        public Position position() {
            return new Position(deadLetteredAt, dlqTopic, dlqPartition, dlqOffset);
        }
    }

    private static final String LIST = """
            SELECT dlq_topic, dlq_partition, dlq_offset, original_topic, original_partition, original_offset, reason,
                   cause, event_type, record_key, octet_length(value) AS value_size, value_preview,
                   headers::text AS headers, dead_lettered_at, redriven_at, redriven_by, redrive_partition,
                   redrive_offset
              FROM read_model.dead_letter
             WHERE ($1::text IS NULL OR original_topic = $1 OR dlq_topic = $1)
               AND ($2::boolean IS NULL OR (redriven_at IS NOT NULL) = $2)
               AND ($3::timestamptz IS NULL
                    OR (dead_lettered_at, dlq_topic, dlq_partition, dlq_offset) < ($3, $4::text, $5::int, $6::bigint))
             ORDER BY dead_lettered_at DESC, dlq_topic DESC, dlq_partition DESC, dlq_offset DESC
             LIMIT $7""";

    @Inject
    Pool pool;

    /** Up to {@code limit} dead letters after {@code after} in listing order (or the newest), newest first. */
    public Uni<List<DeadLetterRow>> list(Filter filter, Position after, int limit) {
        Tuple args = Tuple.tuple().addString(filter.topic()).addBoolean(filter.redriven())
                .addOffsetDateTime(after == null ? null : Rows.utc(after.deadLetteredAt()))
                .addString(after == null ? null : after.dlqTopic())
                .addInteger(after == null ? null : after.dlqPartition())
                .addLong(after == null ? null : after.dlqOffset())
                .addInteger(limit);
        return pool.preparedQuery(LIST).execute(args).map(rows -> Rows.list(rows, DeadLetterRepository::letter));
    }

    private static DeadLetterRow letter(Row row) {
        return new DeadLetterRow(row.getString("dlq_topic"), row.getInteger("dlq_partition"),
                row.getLong("dlq_offset"), row.getString("original_topic"), row.getInteger("original_partition"),
                row.getLong("original_offset"), row.getString("reason"), row.getString("cause"),
                row.getString("event_type"), row.getString("record_key"), row.getInteger("value_size"),
                row.getString("value_preview"), row.getString("headers"), Rows.instant(row, "dead_lettered_at"),
                Rows.instant(row, "redriven_at"), row.getString("redriven_by"), row.getInteger("redrive_partition"),
                row.getLong("redrive_offset"));
    }
}
