package com.carbon254.flink.aggregator.pipeline;

import com.carbon254.flink.aggregator.serde.OutboundRecord;

/**
 * How the job writes dead letters: to {@code <topic>.dlq}, with the original key and value bytes untouched, and
 * headers that say why and where the record came from. The headers the platform's services write too are named by the
 * platform's convention ({@link com.carbon254.events.runtime.DeadLetters}, SmallRye Reactive Messaging's names), so
 * dead letters of the Quarkus services and of this job read the same way; two more are the job's own.
 */
public final class DeadLetters {

    /** Header: the reason code (one of the constants below). */
    public static final String REASON = com.carbon254.events.runtime.DeadLetters.REASON;
    /** Header: human-readable detail of the reason. */
    public static final String CAUSE = com.carbon254.events.runtime.DeadLetters.CAUSE;
    /** Header: the topic the record was read from. */
    public static final String TOPIC = com.carbon254.events.runtime.DeadLetters.TOPIC;
    /** Header: the partition the record was read from. */
    public static final String PARTITION = com.carbon254.events.runtime.DeadLetters.PARTITION;
    /** Header: the offset of the record in that partition. */
    public static final String OFFSET = com.carbon254.events.runtime.DeadLetters.OFFSET;
    /** Header: the original record's Kafka timestamp (epoch milliseconds). */
    public static final String ORIGINAL_TIMESTAMP = "dead-letter-original-timestamp";
    /** Header: who dead-lettered the record ({@value #PRODUCER_NAME}). */
    public static final String PRODUCER = "dead-letter-producer";

    public static final String PRODUCER_NAME = "flink-aggregator";

    /** Reason: the record has no value (a tombstone or an empty value). */
    public static final String EMPTY_VALUE = "empty-value";
    /** Reason: the value is not framed as magic byte 0 + 4-byte schema id. */
    public static final String BAD_FRAMING = "bad-framing";
    /** Reason: a JSON record that is not a valid event of the topic (its contract, its limits). */
    public static final String INVALID_JSON = "invalid-json";
    /** Reason: the registry has no Avro schema with the framed id. */
    public static final String UNKNOWN_SCHEMA = "unknown-schema";
    /** Reason: the bytes do not decode with the writer schema, or that schema does not resolve to the event class. */
    public static final String UNDECODABLE = "undecodable";
    /** Reason: the event arrived after its window was closed for good (watermark past window end + allowed lateness). */
    public static final String TOO_LATE = "too-late";

    private DeadLetters() {
    }

    /**
     * The dead letter of {@code original}, for {@code deadLetterTopic}: its original key and value, the reason and
     * where it was read.
     */
    public static OutboundRecord of(String deadLetterTopic, ConsumedRecord original, String reason, String cause,
            long now) {
        return new OutboundRecord(deadLetterTopic, original.getKey(), original.getValue(), now)
                .header(REASON, reason)
                .header(CAUSE, cause)
                .header(TOPIC, original.getTopic())
                .header(PARTITION, original.getPartition())
                .header(OFFSET, original.getOffset())
                .header(ORIGINAL_TIMESTAMP, original.getTimestamp())
                .header(PRODUCER, PRODUCER_NAME);
    }
}
