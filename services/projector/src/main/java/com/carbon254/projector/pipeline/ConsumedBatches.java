package com.carbon254.projector.pipeline;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.header.Header;

import io.smallrye.reactive.messaging.kafka.DeserializationFailureHandler;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;

/** Turns a SmallRye poll batch into the records a {@link Projection} sees. */
public final class ConsumedBatches {

    private ConsumedBatches() {
    }

    public static <V> List<ConsumedRecord<V>> of(KafkaRecordBatch<String, V> batch) {
        List<ConsumedRecord<V>> records = new ArrayList<>(batch.getRecords().size());
        for (KafkaRecord<String, V> record : batch.getRecords()) {
            IncomingKafkaRecordMetadata<?, ?> kafka = record.getMetadata(IncomingKafkaRecordMetadata.class)
                    .orElseThrow();
            SourcePosition source = new SourcePosition(kafka.getTopic(), kafka.getPartition(), kafka.getOffset(),
                    kafka.getTimestamp());
            V value = record.getPayload();
            records.add(new ConsumedRecord<>(source, record.getKey(), value, record.getHeaders(),
                    value == null ? poisonReason(record) : null, record));
        }
        return records;
    }

    /** Why a record has no value: the deserializer's failure (kept in headers by the connector), or a tombstone. */
    static String poisonReason(KafkaRecord<String, ?> record) {
        Header reason = record.getHeaders().lastHeader(DeserializationFailureHandler.DESERIALIZATION_FAILURE_REASON);
        if (reason != null) {
            return "undeserializable record: " + new String(reason.value(), StandardCharsets.UTF_8);
        }
        return "record without a value (tombstone): " + record.getTopic() + " carries events only";
    }
}
