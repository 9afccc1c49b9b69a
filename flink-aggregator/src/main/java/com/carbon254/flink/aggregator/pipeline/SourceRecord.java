package com.carbon254.flink.aggregator.pipeline;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.avro.specific.SpecificRecordBase;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One record read from a Kafka topic: the decoded event, or why it could not be decoded, together with where it came
 * from and its original bytes (which is what a dead letter carries).
 *
 * @param <T> the event type
 */
public class SourceRecord<T> {

    /** The decoded event; null when the record could not be decoded. */
    private T event;
    private String topic;
    private int partition;
    private long offset;
    /** The Kafka record's own timestamp (not the event time). */
    private long timestamp;
    private byte[] key;
    private byte[] value;
    /** The record's {@code eventType} header, for a JSON value that does not name its type; null if none. */
    private String eventTypeHeader;
    /** The record's {@code source} header, for a JSON value that does not name its producer; null if none. */
    private String sourceHeader;
    /** Short reason code why the record could not be decoded (see {@link DeadLetters}); null when decoded. */
    private String failure;
    /** Human-readable detail of {@link #failure}. */
    private String failureDetail;

    public SourceRecord() {
    }

    public SourceRecord(String topic, int partition, long offset, long timestamp, byte[] key, byte[] value) {
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.timestamp = timestamp;
        this.key = key;
        this.value = value;
    }

    /** Flink type information of a {@code SourceRecord} of an Avro-generated event class (serialized with Avro). */
    public static <E extends SpecificRecordBase> TypeInformation<SourceRecord<E>> typeInfo(Class<E> eventClass) {
        Map<String, TypeInformation<?>> fields = new LinkedHashMap<>();
        fields.put("event", new AvroTypeInfo<>(eventClass));
        fields.put("topic", Types.STRING);
        fields.put("partition", Types.INT);
        fields.put("offset", Types.LONG);
        fields.put("timestamp", Types.LONG);
        fields.put("key", Types.PRIMITIVE_ARRAY(Types.BYTE));
        fields.put("value", Types.PRIMITIVE_ARRAY(Types.BYTE));
        fields.put("eventTypeHeader", Types.STRING);
        fields.put("sourceHeader", Types.STRING);
        fields.put("failure", Types.STRING);
        fields.put("failureDetail", Types.STRING);
        @SuppressWarnings({"unchecked", "rawtypes"})
        TypeInformation<SourceRecord<E>> info = (TypeInformation) Types.POJO(SourceRecord.class, fields);
        return info;
    }

    public boolean decoded() {
        return event != null;
    }

    /** Marks this record as undecodable. */
    public SourceRecord<T> fail(String reason, String detail) {
        this.event = null;
        this.failure = reason;
        this.failureDetail = detail;
        return this;
    }

    public T getEvent() {
        return event;
    }

    public void setEvent(T event) {
        this.event = event;
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

    public String getEventTypeHeader() {
        return eventTypeHeader;
    }

    public void setEventTypeHeader(String eventTypeHeader) {
        this.eventTypeHeader = eventTypeHeader;
    }

    public String getSourceHeader() {
        return sourceHeader;
    }

    public void setSourceHeader(String sourceHeader) {
        this.sourceHeader = sourceHeader;
    }

    public String getFailure() {
        return failure;
    }

    public void setFailure(String failure) {
        this.failure = failure;
    }

    public String getFailureDetail() {
        return failureDetail;
    }

    public void setFailureDetail(String failureDetail) {
        this.failureDetail = failureDetail;
    }

    @Override
    public String toString() {
        return "SourceRecord{" + topic + "-" + partition + "@" + offset
                + (failure == null ? ", event=" + event : ", failure=" + failure + ": " + failureDetail) + "}";
    }
}
