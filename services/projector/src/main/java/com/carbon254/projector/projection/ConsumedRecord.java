package com.carbon254.projector.projection;

import org.apache.kafka.common.header.Headers;

/**
 * One record of a consumed batch, as a table projection sees it.
 *
 * @param source       where it was read
 * @param key          the record key (null when it has none)
 * @param value        the deserialised value, or null (a record that could not be read, or a tombstone)
 * @param headers      the record's Kafka headers
 * @param poisonReason why {@code value} is null (undeserialisable, tombstone), else null
 * @param handle       what the messaging edge needs to dead-letter it (its SmallRye message)
 * @param <V>          value type
 */
public record ConsumedRecord<V>(SourcePosition source, String key, V value, Headers headers, String poisonReason,
        Object handle) {

    /** Whether the record has no usable value ({@link #poisonReason()} says why). */
    public boolean isPoison() {
        return poisonReason != null;
    }
}
