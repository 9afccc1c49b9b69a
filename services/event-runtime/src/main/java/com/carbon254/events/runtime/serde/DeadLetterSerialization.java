package com.carbon254.events.runtime.serde;

import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.carbon254.events.runtime.DeadLetters;
import com.carbon254.events.runtime.EventHeaders;
import com.carbon254.events.runtime.metrics.EventMetrics;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.DeserializationFailureHandler;
import io.smallrye.reactive.messaging.kafka.SerializationFailureHandler;
import io.smallrye.reactive.messaging.kafka.fault.KafkaDeadLetterSerializationHandler;

/**
 * How dead letters are serialized: as SmallRye's own dead-letter handler does (a record that could not be deserialized
 * is written back as its original bytes), but a dead letter that cannot be serialized is reported. SmallRye's handler
 * silently writes a null value instead, which would lose the event without a trace but its headers.
 *
 * <p>A dead letter can always be written, whatever the record: SmallRye copies an unreadable record's bytes into up
 * to three headers ({@code deserialization-failure-data}, {@code -value-data}, {@code -key-data}) and then once more
 * as the value, so a record near the broker's size limit made a dead letter the producer refuses
 * ({@code RecordTooLargeException}) and the consumer could never move past it. Here the value carries the bytes once
 * and those headers are dropped; a key or value larger than the limits below is not copied at all: the dead letter
 * then has a null key or value and says so ({@link DeadLetters#KEY_NOT_COPIED}, {@link DeadLetters#VALUE_NOT_COPIED}
 * with the size), and the original stays where its {@code dead-letter-topic/-partition/-offset} headers point.
 *
 * <p>Every dead letter passes here once (its value), which makes this the one place that counts them
 * ({@code carbon254_dead_letters_total}, see {@link EventMetrics}), whatever the channel or failure.
 *
 * <p>Selected for every dead-letter queue by the runtime's configuration defaults
 * ({@code dead-letter-queue.value-serialization-failure-handler=}{@value #NAME}).
 */
@ApplicationScoped
@Identifier(DeadLetterSerialization.NAME)
public class DeadLetterSerialization implements SerializationFailureHandler<Object> {

    /** The identifier the configuration selects this handler by. */
    public static final String NAME = "carbon254-dead-letters";

    private static final Logger LOG = Logger.getLogger(DeadLetterSerialization.class);

    /** Longest key copied into a dead letter: keys are entity ids (at most 255 characters by the contracts). */
    static final int MAX_COPIED_KEY_BYTES = 16 * 1024;

    private final KafkaDeadLetterSerializationHandler smallrye = new KafkaDeadLetterSerializationHandler();

    @Inject
    EventMetrics metrics;

    /**
     * Longest value copied into a dead letter. The default keeps a dead letter (value, key and headers) under Kafka's
     * default 1 MiB {@code max.request.size} and {@code message.max.bytes}; raise it with those limits.
     */
    @ConfigProperty(name = "carbon254.dead-letters.max-copied-bytes", defaultValue = "1000000")
    int maxCopiedBytes;

    @Override
    public byte[] decorateSerialization(Uni<byte[]> serialization, String topic, boolean isKey, String serializer,
                                        Object data, Headers headers) {
        if (!isKey) {
            String origin = EventHeaders.read(headers, DeadLetters.TOPIC).orElse(originOf(topic));
            metrics.deadLettered(origin, topic);
        }
        Uni<byte[]> reported = serialization.onFailure().invoke(failure -> LOG.errorf(failure,
                "Dead letter for %s cannot be serialized by %s; it is written with a null %s (the original record is"
                        + " at the coordinates in its dead-letter-* headers)", topic, serializer, isKey ? "key" : "value"));
        byte[] bytes = smallrye.decorateSerialization(reported, topic, isKey, serializer, data, headers);
        if (!isKey) {
            // Keys are serialized first: both have their bytes by now, and the value carries them once.
            headers.remove(DeserializationFailureHandler.DESERIALIZATION_FAILURE_DATA);
            headers.remove(DeserializationFailureHandler.DESERIALIZATION_FAILURE_VALUE_DATA);
            headers.remove(DeserializationFailureHandler.DESERIALIZATION_FAILURE_KEY_DATA);
        }
        int limit = isKey ? MAX_COPIED_KEY_BYTES : maxCopiedBytes;
        if (bytes == null || bytes.length <= limit) {
            return bytes;
        }
        LOG.warnf("Dead letter for %s: its %s (%d bytes) is over the %d bytes copied into a dead letter and is left"
                + " out; the original record is at the coordinates in its dead-letter-* headers", topic,
                isKey ? "key" : "value", bytes.length, limit);
        headers.add(isKey ? DeadLetters.KEY_NOT_COPIED : DeadLetters.VALUE_NOT_COPIED,
                (bytes.length + " bytes").getBytes(StandardCharsets.UTF_8));
        return null;
    }

    /** The topic a dead-letter topic belongs to, by the {@code <topic>.dlq} convention. */
    private static String originOf(String deadLetterTopic) {
        String suffix = DeadLetters.topicFor("");
        return deadLetterTopic.endsWith(suffix)
                ? deadLetterTopic.substring(0, deadLetterTopic.length() - suffix.length()) : deadLetterTopic;
    }
}
