package com.carbon254.events.runtime;

import com.carbon254.events.catalog.TopicDefinition;

/**
 * The dead-letter conventions of the platform.
 *
 * <p>Every incoming Kafka channel of a service that uses this runtime is configured (in the runtime's
 * {@code META-INF/microprofile-config.properties}) with SmallRye's {@code failure-strategy=dead-letter-queue}: a
 * record that cannot be deserialized, or whose processing fails (the message is nacked), is written to the dead-letter
 * topic of the topic it was read from, {@code <topic>.dlq} ({@link TopicDefinition#deadLetterTopic()}), and the
 * consumer goes on with the next record. A channel that sets {@code dead-letter-queue.topic} itself keeps its choice.
 *
 * <p>A dead letter carries the original key, the original headers and these headers:
 * <ul>
 *   <li>{@link #REASON} and {@link #EXCEPTION_CLASS}: why it failed (for a record that could not be deserialized, the
 *       deserializer's precise explanation, e.g. the JSON fields that violate the contract);</li>
 *   <li>{@link #CAUSE} and {@link #CAUSE_CLASS}: the cause of that exception, when it has one;</li>
 *   <li>{@link #TOPIC}, {@link #PARTITION}, {@link #OFFSET}: where the original record is.</li>
 * </ul>
 * Its value is the original bytes when the record could not be deserialized (the failure is then also described by the
 * {@code deserialization-failure-*} headers, {@link #DESERIALIZATION_FAILURE_REASON} among them); when processing
 * failed it is the event, written with the registered value schema of the original topic, so a dead-letter topic is
 * read with the same deserializer as its topic. A key or value too large to be copied into a dead letter is left out
 * (null) and {@link #KEY_NOT_COPIED} / {@link #VALUE_NOT_COPIED} say so, with its size: the original record is then
 * read where {@link #TOPIC}, {@link #PARTITION} and {@link #OFFSET} point.
 */
public final class DeadLetters {

    /** Message of the exception that sent the record to the dead-letter topic. */
    public static final String REASON = "dead-letter-reason";
    /** Class name of that exception. */
    public static final String EXCEPTION_CLASS = "dead-letter-exception-class-name";
    /** Message of the exception's cause, if it has one. */
    public static final String CAUSE = "dead-letter-cause";
    /** Class name of the exception's cause, if it has one. */
    public static final String CAUSE_CLASS = "dead-letter-cause-class-name";
    /** Topic the original record was read from. */
    public static final String TOPIC = "dead-letter-topic";
    /** Partition the original record was read from (decimal text). */
    public static final String PARTITION = "dead-letter-partition";
    /** Offset of the original record (decimal text). */
    public static final String OFFSET = "dead-letter-offset";
    /** Set when the original value was too large to be copied into the dead letter (its size, e.g. "1200000 bytes"). */
    public static final String VALUE_NOT_COPIED = "dead-letter-value-not-copied";
    /** Set when the original key was too large to be copied into the dead letter (its size). */
    public static final String KEY_NOT_COPIED = "dead-letter-key-not-copied";
    /** For a record that could not be deserialized: the deserializer's explanation. */
    public static final String DESERIALIZATION_FAILURE_REASON = "deserialization-failure-reason";

    private DeadLetters() {
    }

    /** The dead-letter topic of a topic: {@code <topic>.dlq}. */
    public static String topicFor(String topic) {
        return topic + TopicDefinition.DEAD_LETTER_SUFFIX;
    }
}
