package com.carbon254.flink.aggregator.serde;

import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Turns an {@link OutboundRecord} into a producer record. The partition is left to Kafka's default partitioner, which
 * hashes the key: results are keyed by dataset name like the events they summarize.
 */
public final class OutboundRecordSerializationSchema implements KafkaRecordSerializationSchema<OutboundRecord> {

    private static final long serialVersionUID = 1L;

    @Override
    public ProducerRecord<byte[], byte[]> serialize(OutboundRecord record, KafkaSinkContext context, Long timestamp) {
        RecordHeaders headers = new RecordHeaders();
        if (record.getHeaders() != null) {
            for (Map.Entry<String, String> header : record.getHeaders().entrySet()) {
                headers.add(header.getKey(), header.getValue().getBytes(StandardCharsets.UTF_8));
            }
        }
        return new ProducerRecord<>(record.getTopic(), null, record.getTimestamp(), record.getKey(), record.getValue(),
                headers);
    }
}
