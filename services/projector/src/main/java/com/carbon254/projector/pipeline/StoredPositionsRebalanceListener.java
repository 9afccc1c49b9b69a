package com.carbon254.projector.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;


import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * On every partition assignment, moves the consumer to the positions stored with the read model — the only offsets
 * that count. A partition never projected starts at its beginning.
 *
 * <p>One listener serves every projection channel: the consumer's group id says which channel (and so which
 * projection's positions) it is ({@link ProjectionRegistry#byGroupId}). Runs on the connector's polling thread,
 * where waiting for the database is allowed (it is not an event loop).
 */
@ApplicationScoped
@Identifier(StoredPositionsRebalanceListener.NAME)
public class StoredPositionsRebalanceListener implements KafkaConsumerRebalanceListener {

    /** The name the channels refer to ({@code consumer-rebalance-listener.name}). */
    public static final String NAME = "projection-positions";

    private static final Logger LOG = Logger.getLogger(StoredPositionsRebalanceListener.class);

    @Inject
    PositionStore positions;

    @Inject
    ProjectionRegistry projections;

    @Inject
    Pool pool;

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        String groupId = consumer.groupMetadata().groupId();
        // Seeking to the wrong projection's positions would skip or replay events: an unknown group is a bug.
        Projection<?> projection = projections.byGroupId(groupId).orElseThrow(() -> new IllegalStateException(
                "consumer group " + groupId + " belongs to no projection"));
        List<TopicPartition> fromStart = new ArrayList<>();
        for (String topic : partitions.stream().map(TopicPartition::topic).distinct().toList()) {
            Map<Integer, Long> stored = positions.positions(pool, projection.name(), topic)
                    .await().atMost(Duration.ofSeconds(30));
            for (TopicPartition partition : partitions) {
                if (!partition.topic().equals(topic)) {
                    continue;
                }
                Long next = stored.get(partition.partition());
                if (next == null) {
                    fromStart.add(partition);
                } else {
                    consumer.seek(partition, next);
                }
            }
            LOG.debugf("%s assigned %s: resuming from stored positions %s", projection.name(), topic, stored);
        }
        if (!fromStart.isEmpty()) {
            consumer.seekToBeginning(fromStart);
        }
    }
}
