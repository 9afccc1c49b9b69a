package com.carbon254.events.runtime.metrics;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.reactive.messaging.Message;

import com.carbon254.events.runtime.EventHeaders;

import io.smallrye.reactive.messaging.IncomingInterceptor;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordBatchMetadata;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;

/**
 * Counts and times what every incoming Kafka channel of a service does with its records: acknowledged
 * ({@code outcome="processed"}) or nacked ({@code outcome="failed"}, then handled by the channel's failure strategy,
 * the dead-letter queue by default). A SmallRye interceptor with no {@code @Identifier} applies to every incoming
 * channel, so consumers need no code for it (a channel given an interceptor of its own must call this one itself).
 *
 * <p>A batch channel's message counts once per record it holds. Records that cannot be deserialized never reach the
 * channel (SmallRye dead-letters them at the source): they are counted by {@code carbon254_dead_letters_total} only.
 */
@ApplicationScoped
public class ConsumedEventMetrics implements IncomingInterceptor {

    private final EventMetrics metrics;

    public ConsumedEventMetrics(EventMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public Message<?> afterMessageReceive(Message<?> message) {
        return message.addMetadata(new Received(System.nanoTime()));
    }

    @Override
    public void onMessageAck(Message<?> message) {
        record(message, EventMetrics.PROCESSED);
    }

    @Override
    public void onMessageNack(Message<?> message, Throwable failure) {
        record(message, EventMetrics.FAILED);
    }

    private void record(Message<?> message, String outcome) {
        long nanos = message.getMetadata(Received.class).map(r -> System.nanoTime() - r.nanos()).orElse(0L);
        message.getMetadata(IncomingKafkaRecordMetadata.class).ifPresent(record -> metrics.consumed(
                record.getChannel(), record.getTopic(), eventType(record.getHeaders()), outcome, nanos));
        message.getMetadata(IncomingKafkaRecordBatchMetadata.class).ifPresent(batch -> {
            for (Object each : batch.getRecords()) {
                ConsumerRecord<?, ?> record = (ConsumerRecord<?, ?>) each;
                metrics.consumed(batch.getChannel(), record.topic(), eventType(record.headers()), outcome, nanos);
            }
        });
    }

    private static String eventType(Headers headers) {
        return EventHeaders.read(headers, EventHeaders.EVENT_TYPE).orElse(EventMetrics.UNKNOWN_TYPE);
    }

    /** When a message entered its channel. */
    record Received(long nanos) {
    }
}
