package com.carbon254.flink.aggregator.pipeline;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A Kafka record as read: its bytes and where it was read (partition and offset), which is what a dead letter or an
 * archived row says of it. The archive's source reads records as such (it needs no watermarks, so decoding happens in
 * the next, chained operator, which knows every topic's event types); the aggregations' sources decode in the source,
 * into {@link SourceRecord}s, and reduce them to {@link ObservedEvent}s, both consumed records too.
 */
public class ConsumedRecord extends KafkaRecord {

    private int partition;
    private long offset;

    public ConsumedRecord() {
    }

    public ConsumedRecord(String topic, int partition, long offset, long timestamp, byte[] key, byte[] value) {
        super(topic, timestamp, key, value);
        this.partition = partition;
        this.offset = offset;
    }

    /** Flink type information (a POJO: no Kryo). */
    public static TypeInformation<ConsumedRecord> typeInfo() {
        return Types.POJO(ConsumedRecord.class);
    }

    /** The source's deserializer: copies each record's coordinates and bytes. */
    public static KafkaRecordDeserializationSchema<ConsumedRecord> deserializer() {
        return new KafkaRecordDeserializationSchema<>() {
            private static final long serialVersionUID = 1L;

            @Override
            public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<ConsumedRecord> out) {
                out.collect(new ConsumedRecord(record.topic(), record.partition(), record.offset(), record.timestamp(),
                        record.key(), record.value()));
            }

            @Override
            public TypeInformation<ConsumedRecord> getProducedType() {
                return typeInfo();
            }
        };
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
}
