package com.carbon254.projector.pipeline;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.carbon254.events.runtime.EventHeaders;
import com.carbon254.events.runtime.metrics.EventMetrics;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.vertx.core.Vertx;

/**
 * What happens once a batch's read-model transaction committed: the batch is acknowledged, its records are counted
 * ({@code carbon254_events_consumed_total} / {@code carbon254_events_processing_seconds} of the event runtime), and the
 * consumed positions are committed to Kafka too — for monitoring only. The projector's positions live in PostgreSQL with its read models and are the only ones it ever reads back
 * ({@link StoredPositionsRebalanceListener} seeks to them on every assignment, to the beginning where none is
 * stored); the Kafka copy lets the broker's view of the projector's groups move, so that the Kafka Exporter's
 * {@code kafka_consumergroup_lag} (and the {@code KafkaConsumerLag} alert), {@code kafka-consumer-groups.sh} and other
 * services' {@code carbon254_consumer_lag} (watched groups) show its lag — and show it growing while the projector
 * is stopped, when its own {@code carbon254_projection_lag_*} gauges are gone with it.
 *
 * <p>The mirror is coalesced: at most one commit per channel every {@code carbon254.projector.offset-mirror-interval}
 * (1 s), with the latest positions of the batches since the last one, and always one after the last batch. A commit
 * is a request to the group coordinator and a write to {@code __consumer_offsets}, and it runs on the channel's
 * polling thread: one per batch cost the broker as much as the batches' own fetches when batches are small. The
 * commit is not awaited; a failed one (a rebalance took the partition away) is only logged: the next one commits
 * again, and nothing depends on it.
 */
@ApplicationScoped
public class BatchCompletion {

    private static final Logger LOG = Logger.getLogger(BatchCompletion.class);

    @Inject
    KafkaClientService kafka;

    @Inject
    EventMetrics metrics;

    @Inject
    Vertx vertx;

    /** Longest delay of the Kafka copy of the positions behind the stored ones; 0 commits after every batch. */
    @ConfigProperty(name = "carbon254.projector.offset-mirror-interval", defaultValue = "1s")
    Duration mirrorInterval;

    /** Per channel: positions not yet mirrored (the latest of each partition). */
    private final Map<String, Map<TopicPartition, OffsetAndMetadata>> unmirrored = new ConcurrentHashMap<>();
    /** Channels with a mirror commit scheduled. */
    private final Set<String> scheduled = ConcurrentHashMap.newKeySet();

    /**
     * Acknowledges the batch (which commits nothing: {@code commit-strategy=ignore}), counts its records and mirrors
     * its positions to Kafka.
     *
     * @param receivedNanos {@link System#nanoTime()} when the consumer got the batch
     */
    public Uni<Void> complete(String channel, KafkaRecordBatch<?, ?> batch, long receivedNanos) {
        long nanos = System.nanoTime() - receivedNanos;
        for (KafkaRecord<?, ?> record : batch.getRecords()) {
            metrics.consumed(channel, record.getTopic(),
                    EventHeaders.read(record.getHeaders(), EventHeaders.EVENT_TYPE).orElse(EventMetrics.UNKNOWN_TYPE),
                    EventMetrics.PROCESSED, nanos);
        }
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        batch.getLatestOffsetRecords().forEach((partition, record) -> record
                .getMetadata(IncomingKafkaRecordMetadata.class)
                .ifPresent(kafkaRecord -> next.put(partition, new OffsetAndMetadata(kafkaRecord.getOffset() + 1))));
        if (!next.isEmpty()) {
            mirror(channel, next);
        }
        return Uni.createFrom().completionStage(batch.ack());
    }

    private void mirror(String channel, Map<TopicPartition, OffsetAndMetadata> next) {
        if (mirrorInterval.isZero()) {
            commit(channel, next);
            return;
        }
        unmirrored.merge(channel, next, (older, newer) -> {
            Map<TopicPartition, OffsetAndMetadata> latest = new HashMap<>(older);
            newer.forEach((partition, offset) -> latest.merge(partition, offset,
                    (a, b) -> b.offset() >= a.offset() ? b : a));
            return latest;
        });
        if (scheduled.add(channel)) {
            vertx.setTimer(Math.max(1, mirrorInterval.toMillis()), timer -> {
                // Unflag first: positions merged from now on schedule the next commit.
                scheduled.remove(channel);
                Map<TopicPartition, OffsetAndMetadata> offsets = unmirrored.remove(channel);
                if (offsets != null) {
                    commit(channel, offsets);
                }
            });
        }
    }

    private void commit(String channel, Map<TopicPartition, OffsetAndMetadata> offsets) {
        KafkaConsumer<Object, Object> consumer = kafka.getConsumer(channel);
        if (consumer != null) {
            consumer.commit(offsets).subscribe().with(
                    committed -> { },
                    failure -> LOG.debugf("Monitoring offsets of %s not committed to Kafka (the stored positions are"
                            + " unaffected): %s", channel, failure.toString()));
        }
    }
}
