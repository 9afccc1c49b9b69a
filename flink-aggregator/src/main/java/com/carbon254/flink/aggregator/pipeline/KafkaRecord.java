package com.carbon254.flink.aggregator.pipeline;

/**
 * What every Kafka record the job handles has, whether read ({@link ConsumedRecord}) or about to be written
 * ({@link com.carbon254.flink.aggregator.serde.OutboundRecord}): its topic, its timestamp and its key and value bytes.
 * The job never interprets a record's bytes on the way through: a dead letter carries them as they were read.
 */
public abstract class KafkaRecord {

    private String topic;
    /** The Kafka record's own timestamp, epoch milliseconds (not the event time). */
    private long timestamp;
    private byte[] key;
    private byte[] value;

    protected KafkaRecord() {
    }

    protected KafkaRecord(String topic, long timestamp, byte[] key, byte[] value) {
        this.topic = topic;
        this.timestamp = timestamp;
        this.key = key;
        this.value = value;
    }

    public String getTopic() {
        return topic;
    }

    public void setTopic(String topic) {
        this.topic = topic;
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
