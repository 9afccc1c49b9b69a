package com.carbon254.projector.deadletters;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.OutgoingMessageMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Puts dead letters back on their original topic exactly as they were: the key, the value bytes untouched (the
 * {@value #CHANNEL} channel writes bytes, no serializer in between) and the headers given. Completes with where the
 * broker stored the copy, once it acknowledged it ({@code acks=all}, idempotent), on the caller's context.
 */
@ApplicationScoped
public class DeadLetterRedriver {

    /** The outgoing channel of re-driven records; configured in application.properties. */
    static final String CHANNEL = "dead-letters-redrive";

    @Inject
    @Channel(CHANNEL)
    MutinyEmitter<byte[]> channel;

    /** Publishes one record; completes once the broker acknowledged it. */
    public Uni<RecordMetadata> send(String topic, String key, byte[] value, Headers headers) {
        OutgoingKafkaRecordMetadata<String> record = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(topic)
                .withKey(key)
                .withHeaders(headers)
                .build();
        OutgoingMessageMetadata<RecordMetadata> stored = new OutgoingMessageMetadata<>();
        return channel.sendMessage(Message.of(value, Metadata.of(record, stored))).map(acknowledged -> stored.getResult());
    }
}
