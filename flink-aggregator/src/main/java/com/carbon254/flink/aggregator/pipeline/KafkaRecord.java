package com.carbon254.flink.aggregator.pipeline;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A Kafka record: where it is and its bytes. The archive's source reads records as such (it needs no watermarks, so
 * decoding happens in the next, chained operator, which knows every topic's event types); the aggregations' sources
 * decode in the source, into {@link SourceRecord}s.
 */
public class KafkaRecord {

    private String topic;
    private int partition;
    private long offset;
    /** The Kafka record's own timestamp (not the event time). */
    private long timestamp;
    private byte[] key;
    private byte[] value;

    public KafkaRecord() {
    }

    public KafkaRecord(String topic, int partition, long offset, long timestamp, byte[] key, byte[] value) {
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.timestamp = timestamp;
        this.key = key;
        this.value = value;
    }

    /** Flink type information (a POJO: no Kryo). */
    public static TypeInformation<KafkaRecord> typeInfo() {
        return Types.POJO(KafkaRecord.class);
    }

    /** The source's deserializer: copies each record's coordinates and bytes. */
    public static KafkaRecordDeserializationSchema<KafkaRecord> deserializer() {
        return new KafkaRecordDeserializationSchema<>() {
            private static final long serialVersionUID = 1L;

            @Override
            public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<KafkaRecord> out) {
                out.collect(new KafkaRecord(record.topic(), record.partition(), record.offset(), record.timestamp(),
                        record.key(), record.value()));
            }

            @Override
            public TypeInformation<KafkaRecord> getProducedType() {
                return typeInfo();
            }
        };
    }

    public String getTopic() {
        return topic;
    }

    public void setTopic(String topic) {
        this.topic = topic;
    }

    public int getPartition() {
        return partition;
    }

    public void setPartition(int partition) {
        this.partition = partition;
    }

    public long getOffset() {
        return offset;
    }

    public void setOffset(long offset) {
        this.offset = offset;
    }

    public long getTimestamp() {
        return timestamp;
    }

    public void setTimestamp(long timestamp) {
        this.timestamp = timestamp;
    }

    public byte[] getKey() {
        return key;
    }

    public void setKey(byte[] key) {
        this.key = key;
    }

    public byte[] getValue() {
        return value;
    }

    public void setValue(byte[] value) {
        this.value = value;
    }
}
