package com.carbon254.dataset.command;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Test access to the outbox table. */
public final class OutboxRows {

    /** One outbox row as the tests look at it. */
    public record OutboxRow(long sequence, UUID eventId, String eventType, UUID aggregateId, long aggregateVersion,
                            OffsetDateTime publishedAt, String topic, Integer partition, Long offset, int attempts,
                            String lastError) {

        public boolean published() {
            return publishedAt != null;
        }
    }

    private final Pool pool;

    public OutboxRows(Pool pool) {
        this.pool = pool;
    }

    /** The rows of these datasets, by dataset then version. */
    public List<OutboxRow> of(Collection<UUID> datasetIds) {
        return pool.preparedQuery("""
                        SELECT seq, event_id, event_type, aggregate_id, aggregate_version, published_at, topic,
                               kafka_partition, kafka_offset, publish_attempts, last_error
                          FROM dataset_command.outbox
                         WHERE aggregate_id = ANY($1)
                         ORDER BY aggregate_id, aggregate_version""")
                .execute(Tuple.of(datasetIds.toArray(UUID[]::new)))
                .map(rows -> {
                    List<OutboxRow> list = new ArrayList<>();
                    for (Row row : rows) {
                        list.add(new OutboxRow(row.getLong("seq"), row.getUUID("event_id"), row.getString("event_type"),
                                row.getUUID("aggregate_id"), row.getLong("aggregate_version"),
                                row.getOffsetDateTime("published_at"), row.getString("topic"),
                                row.getInteger("kafka_partition"), row.getLong("kafka_offset"),
                                row.getInteger("publish_attempts"), row.getString("last_error")));
                    }
                    return list;
                })
                .await().atMost(Duration.ofSeconds(10));
    }

    public List<OutboxRow> of(UUID datasetId) {
        return of(List.of(datasetId));
    }
}
