package com.carbon254.projector.repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.carbon254.projector.projection.SourcePosition;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The consumed positions of every projection ({@code read_model.projection_position}): the only Kafka offsets that
 * count, written in the same transaction as the rows a batch produced and read back on every partition assignment.
 */
@ApplicationScoped
public class ProjectionPositionStore {

    /**
     * Locks (FOR UPDATE) and returns the stored positions of a projection in some partitions: partition → next
     * offset to apply. Partitions never consumed are absent. The row lock serialises two instances that both
     * believe they own a partition (a zombie after a rebalance): the second one sees the first one's progress.
     */
    public Uni<Map<Integer, Long>> lockPositions(SqlConnection tx, String projection, String topic,
            Collection<Integer> partitions) {
        return tx.preparedQuery("SELECT kafka_partition, next_offset FROM read_model.projection_position "
                        + "WHERE projection = $1 AND topic = $2 AND kafka_partition = ANY($3) FOR UPDATE")
                .execute(Tuple.of(projection, topic, partitions.toArray(Integer[]::new)))
                .map(rows -> {
                    Map<Integer, Long> positions = new HashMap<>();
                    rows.forEach(row -> positions.put(row.getInteger(0), row.getLong(1)));
                    return positions;
                });
    }

    /** All stored positions of a projection on a topic (partition → next offset); no lock. */
    public Uni<Map<Integer, Long>> positions(SqlClient client, String projection, String topic) {
        return client.preparedQuery("SELECT kafka_partition, next_offset FROM read_model.projection_position "
                        + "WHERE projection = $1 AND topic = $2")
                .execute(Tuple.of(projection, topic))
                .map(rows -> {
                    Map<Integer, Long> positions = new HashMap<>();
                    rows.forEach(row -> positions.put(row.getInteger(0), row.getLong(1)));
                    return positions;
                });
    }

    /** Stores where a projection stands in each partition (upsert). */
    public Uni<Void> savePositions(SqlConnection tx, String projection, Collection<SourcePosition> nextPositions) {
        if (nextPositions.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = nextPositions.stream()
                .map(p -> Tuple.of(projection, p.topic(), p.partition(), p.offset(), utc(p.recordTime())))
                .toList();
        return tx.preparedQuery("INSERT INTO read_model.projection_position "
                        + "(projection, topic, kafka_partition, next_offset, last_record_time, updated_at) "
                        + "VALUES ($1, $2, $3, $4, $5, now()) ON CONFLICT (projection, topic, kafka_partition) DO UPDATE "
                        + "SET next_offset = EXCLUDED.next_offset, last_record_time = EXCLUDED.last_record_time, "
                        + "updated_at = now()")
                .executeBatch(rows).replaceWithVoid();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
