package com.carbon254.flink.aggregator.pipeline;

/**
 * What the windows need of one decoded event, and the record it was read from: the base of each aggregation's compact
 * observation (primitives and short strings, written by an {@link ObservationSerializer}: cheap to send from the
 * source to the keyed windows, unlike the full Avro event). The original record (topic, partition, offset, key and
 * value bytes) rides along, so that an event that turns out to be too late can be dead-lettered as it was read.
 */
public class ObservedEvent extends ConsumedRecord {

    /** The producer's id of the event: a redelivery of the same event has the same id (see {@link DropDuplicateEvents}). */
    private String eventId;
    private String datasetName;
    /** Event time, epoch milliseconds (the record's own timestamp is {@link #getTimestamp()}). */
    private long eventTime;

    public ObservedEvent() {
    }

    /** Copies the record the event was read from (topic, partition, offset, timestamp, key, value) into this one. */
    public void setOrigin(ConsumedRecord record) {
        setTopic(record.getTopic());
        setPartition(record.getPartition());
        setOffset(record.getOffset());
        setTimestamp(record.getTimestamp());
        setKey(record.getKey());
        setValue(record.getValue());
    }

    public String getEventId() {
        return eventId;
    }

    public void setEventId(String eventId) {
        this.eventId = eventId;
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
}
