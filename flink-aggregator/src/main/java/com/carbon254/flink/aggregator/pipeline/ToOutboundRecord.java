package com.carbon254.flink.aggregator.pipeline;

import com.carbon254.flink.aggregator.serde.AvroWireEncoder;
import com.carbon254.flink.aggregator.serde.OutboundRecord;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.functions.MapFunction;

import java.nio.charset.StandardCharsets;

/**
 * Encodes a result event for its topic: key = dataset name (UTF-8), value = framed Avro with the registered schema id,
 * record timestamp = the event's timestamp.
 *
 * @param <T> the result event type
 */
public final class ToOutboundRecord<T extends SpecificRecordBase> implements MapFunction<T, OutboundRecord> {

    private static final long serialVersionUID = 1L;

    private final String topic;
    private final AvroWireEncoder<T> encoder;
    private final EventFields<T> fields;

    public ToOutboundRecord(String topic, AvroWireEncoder<T> encoder, EventFields<T> fields) {
        this.topic = topic;
        this.encoder = encoder;
        this.fields = fields;
    }

    @Override
    public OutboundRecord map(T event) {
        return new OutboundRecord(topic, fields.datasetName(event).getBytes(StandardCharsets.UTF_8),
                encoder.encode(event), fields.eventTime(event));
    }
}
