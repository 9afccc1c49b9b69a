package com.carbon254.projector.pipeline;

import static com.carbon254.projector.pipeline.SqlTime.instant;
import static com.carbon254.projector.pipeline.SqlTime.utc;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.TopicPartition;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The consumed positions of every projection ({@code read_model.projection_position}): the only Kafka offsets that
 * count, written in the same transaction as the rows a batch produced and read back on every partition assignment.
 */
@ApplicationScoped
public class PositionStore {

    /** Where a projection stands in one partition: the offset of the next record it will apply. */
    public record StoredPosition(String projection, String topic, int partition, long nextOffset,
            Instant lastRecordTime, Instant updatedAt) {
    }

    /**
     * Locks (FOR UPDATE) and returns the stored positions of a projection in some partitions (of one topic or
     * several): partition → next offset to apply. Partitions never consumed are absent. The row lock serialises two
     * instances that both believe they own a partition (a zombie after a rebalance): the second one sees the first
     * one's progress.
     */
    public Uni<Map<TopicPartition, Long>> lock(SqlClient tx, String projection, Collection<TopicPartition> partitions) {
        return tx.preparedQuery("SELECT p.topic, p.kafka_partition, p.next_offset FROM read_model.projection_position p "
                        + "JOIN unnest($2::text[], $3::int[]) AS k(topic, kafka_partition) "
                        + "ON p.topic = k.topic AND p.kafka_partition = k.kafka_partition "
                        + "WHERE p.projection = $1 FOR UPDATE OF p")
                .execute(Tuple.of(projection, partitions.stream().map(TopicPartition::topic).toArray(String[]::new),
                        partitions.stream().map(TopicPartition::partition).toArray(Integer[]::new)))
                .map(rows -> {
                    Map<TopicPartition, Long> positions = new HashMap<>();
                    rows.forEach(row -> positions.put(new TopicPartition(row.getString(0), row.getInteger(1)),
                            row.getLong(2)));
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

    /** The stored positions of a projection on a topic, by partition, as the admin API shows them. */
    public Uni<List<StoredPosition>> list(SqlClient client, String projection, String topic) {
        return client.preparedQuery("SELECT projection, topic, kafka_partition, next_offset, last_record_time, "
                        + "updated_at FROM read_model.projection_position WHERE projection = $1 AND topic = $2 "
                        + "ORDER BY kafka_partition")
                .execute(Tuple.of(projection, topic))
                .map(rows -> {
                    List<StoredPosition> positions = new ArrayList<>();
                    rows.forEach(row -> positions.add(new StoredPosition(row.getString(0), row.getString(1),
                            row.getInteger(2), row.getLong(3), instant(row.getOffsetDateTime(4)),
                            instant(row.getOffsetDateTime(5)))));
                    return positions;
                });
    }

    /** Stores where a projection stands in each partition (upsert). */
    public Uni<Void> save(SqlClient tx, String projection, Collection<SourcePosition> nextPositions) {
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

    /** Forgets every position of a projection. */
    public Uni<Void> delete(SqlClient tx, String projection) {
        return tx.preparedQuery("DELETE FROM read_model.projection_position WHERE projection = $1")
                .execute(Tuple.of(projection)).replaceWithVoid();
    }

    /** Gives the positions of {@code from} to {@code to}, whose own positions are dropped (a rebuild's switch). */
    public Uni<Void> move(SqlClient tx, String from, String to) {
        return delete(tx, to).chain(() -> tx.preparedQuery("UPDATE read_model.projection_position SET projection = $1 "
                        + "WHERE projection = $2").execute(Tuple.of(to, from)))
                .replaceWithVoid();
    }
}
