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
public class SourceRecord<T> extends ConsumedRecord {

    /** The decoded event; null when the record could not be decoded. */
    private T event;
    /** Short reason code why the record could not be decoded (see {@link DeadLetters}); null when decoded. */
    private String failure;
    /** Human-readable detail of {@link #failure}. */
    private String failureDetail;

    public SourceRecord() {
    }

    public SourceRecord(String topic, int partition, long offset, long timestamp, byte[] key, byte[] value) {
        super(topic, partition, offset, timestamp, key, value);
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
        return "SourceRecord{" + getTopic() + "-" + getPartition() + "@" + getOffset()
                + (failure == null ? ", event=" + event : ", failure=" + failure + ": " + failureDetail) + "}";
    }
}
