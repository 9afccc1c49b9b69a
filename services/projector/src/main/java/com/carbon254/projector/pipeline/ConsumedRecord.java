package com.carbon254.projector.pipeline;

import java.util.function.Function;

import org.apache.kafka.common.header.Headers;

/**
 * One record of a consumed batch, as a projection sees it.
 *
 * @param source       where it was read
 * @param key          the record key (null when it has none)
 * @param value        the deserialised value, or null (a record that could not be read, or a tombstone)
 * @param headers      the record's Kafka headers
 * @param poisonReason why {@code value} is null (undeserialisable, tombstone, not mappable), else null
 * @param handle       what the messaging edge needs to dead-letter it (its SmallRye message); null when replayed
 * @param <V>          value type
 */
public record ConsumedRecord<V>(SourcePosition source, String key, V value, Headers headers, String poisonReason,
        Object handle) {

    /** Whether the record has no usable value ({@link #poisonReason()} says why). */
    public boolean isPoison() {
        return poisonReason != null;
    }

    /**
     * The same record with its value mapped (e.g. an Avro event to the projection's own type). A mapping that throws
     * makes the record poison, with the exception's message as the reason: it is dead-lettered, not retried.
     */
    public <W> ConsumedRecord<W> map(Function<? super V, ? extends W> mapping) {
        if (isPoison()) {
            return new ConsumedRecord<>(source, key, null, headers, poisonReason, handle);
        }
        try {
            return new ConsumedRecord<>(source, key, mapping.apply(value), headers, null, handle);
        } catch (RuntimeException e) {
            return new ConsumedRecord<>(source, key, null, headers, e.getMessage() == null ? e.toString()
                    : e.getMessage(), handle);
        }
    }
}
