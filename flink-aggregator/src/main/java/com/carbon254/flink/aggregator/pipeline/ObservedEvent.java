package com.carbon254.flink.aggregator.pipeline;

/**
 * What the windows need of one decoded event, and where it came from: the base of each aggregation's compact
 * observation (primitives and short strings, written by an {@link ObservationSerializer}: cheap to send from the
 * source to the keyed windows, unlike the full Avro event). The original key and value bytes ride along, so that an
 * event that turns out to be too late can be dead-lettered as it was read.
 */
public class ObservedEvent {

    private String datasetName;
    /** Event time, epoch milliseconds. */
    private long eventTime;
    private int partition;
    private long offset;
    /** The Kafka record's own timestamp. */
    private long kafkaTimestamp;
    private byte[] key;
    private byte[] value;

    public ObservedEvent() {
    }

    /** Copies the origin (partition, offset, timestamp, raw key and value) of {@code record} into this observation. */
    public void setOrigin(SourceRecord<?> record) {
        this.partition = record.getPartition();
        this.offset = record.getOffset();
        this.kafkaTimestamp = record.getTimestamp();
        this.key = record.getKey();
        this.value = record.getValue();
    }

    public String getDatasetName() {
        return datasetName;
    }

    public void setDatasetName(String datasetName) {
        this.datasetName = datasetName;
    }

    public long getEventTime() {
        return eventTime;
    }

    public void setEventTime(long eventTime) {
        this.eventTime = eventTime;
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

    public long getKafkaTimestamp() {
        return kafkaTimestamp;
    }

    public void setKafkaTimestamp(long kafkaTimestamp) {
        this.kafkaTimestamp = kafkaTimestamp;
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
