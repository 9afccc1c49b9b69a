package com.carbon254.projector.messaging;

import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import com.carbon254.events.runtime.EventHeaders;
import com.carbon254.events.runtime.metrics.EventMetrics;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;

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
 * <p>The commit runs on the channel's polling thread and is not awaited; a failed one (a rebalance took the
 * partition away) is only logged: the next batch commits again, and nothing depends on it.
 */
@ApplicationScoped
public class BatchCompletion {

    private static final Logger LOG = Logger.getLogger(BatchCompletion.class);

    @Inject
    KafkaClientService kafka;

    @Inject
    EventMetrics metrics;

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
        KafkaConsumer<Object, Object> consumer = next.isEmpty() ? null : kafka.getConsumer(channel);
        if (consumer != null) {
            consumer.commit(next).subscribe().with(
                    committed -> { },
                    failure -> LOG.debugf("Monitoring offsets of %s not committed to Kafka (the stored positions are"
                            + " unaffected): %s", channel, failure.toString()));
        }
        return Uni.createFrom().completionStage(batch.ack());
    }
}
