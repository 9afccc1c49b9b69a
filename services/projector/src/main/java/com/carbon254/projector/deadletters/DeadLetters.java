package com.carbon254.projector.deadletters;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import com.carbon254.events.catalog.TopicDefinition;
import com.carbon254.events.runtime.EventHeaders;
import com.carbon254.projector.pipeline.ConsumedRecord;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Reads a dead-letter record's headers (as the event runtime's dead-letter queue writes them) into a row. */
public final class DeadLetters {

    private DeadLetters() {
    }

    /** A legal Kafka topic name. */
    private static final Pattern TOPIC_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    /** The row of a dead letter, exactly as it came. */
    public static DeadLetter of(ConsumedRecord<DeadLetterValue> record) {
        Headers headers = record.headers();
        String originalTopic = text(headers, com.carbon254.events.runtime.DeadLetters.TOPIC);
        if (originalTopic == null || !TOPIC_NAME.matcher(originalTopic).matches()) {
            originalTopic = originOf(record.source().topic());
        }
        String reason = text(headers, com.carbon254.events.runtime.DeadLetters.REASON);
        DeadLetterValue value = record.value();
        return new DeadLetter(record.source(), originalTopic,
                number(headers, com.carbon254.events.runtime.DeadLetters.PARTITION, Integer::valueOf),
                number(headers, com.carbon254.events.runtime.DeadLetters.OFFSET, Long::valueOf),
                reason == null ? "unknown" : reason, text(headers, com.carbon254.events.runtime.DeadLetters.CAUSE),
                text(headers, EventHeaders.EVENT_TYPE), record.key(), value == null ? null : value.bytes(),
                value == null ? null : value.preview(), json(headers), record.source().recordTime());
    }

    /**
     * The row of a dead letter the database refuses as it came (a NUL character in a text, which PostgreSQL text
     * cannot hold): NUL characters replaced by U+FFFD in its texts and header keys, and the refusal prefixed to its
     * reason. Value bytes and header values are kept exactly; the record itself stays on its dead-letter topic.
     */
    public static DeadLetter quarantined(ConsumedRecord<DeadLetterValue> record, String refusal) {
        DeadLetter exact = of(record);
        return new DeadLetter(exact.dlqPosition(), originOf(record.source().topic()), exact.originalPartition(),
                exact.originalOffset(), "stored altered (" + refusal + "): " + clean(exact.reason()),
                clean(exact.cause()), clean(exact.eventType()), clean(exact.recordKey()), exact.value(),
                clean(exact.valuePreview()), clean(exact.headers()), exact.deadLetteredAt());
    }

    /** The topic a dead-letter topic belongs to, by the {@code <topic>.dlq} convention. */
    static String originOf(String dlqTopic) {
        return dlqTopic.endsWith(TopicDefinition.DEAD_LETTER_SUFFIX)
                ? dlqTopic.substring(0, dlqTopic.length() - TopicDefinition.DEAD_LETTER_SUFFIX.length())
                : dlqTopic;
    }

    /** Text without NUL characters (also as JSON escapes, which jsonb refuses too). */
    private static String clean(String text) {
        return text == null ? null : text.replace("\\u0000", "\\uFFFD").replace("\0", "\uFFFD");
    }

    /** Headers as {@code [{"key": k, "value": base64 or null}]}, in order. */
    static String json(Headers headers) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        if (headers != null) {
            for (Header header : headers) {
                ObjectNode node = array.addObject();
                node.put("key", header.key());
                node.put("value", header.value() == null ? null : Base64.getEncoder().encodeToString(header.value()));
            }
        }
        return array.toString();
    }

    private static String text(Headers headers, String name) {
        return EventHeaders.read(headers, name).orElse(null);
    }

    private static <N> N number(Headers headers, String name, java.util.function.Function<String, N> parse) {
        String text = text(headers, name);
        try {
            return text == null ? null : parse.apply(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The bytes as text when they are valid UTF-8 without control characters other than whitespace, else null. */
    public static String asText(byte[] bytes) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            return text.chars().anyMatch(c -> c < 0x20 && c != '\n' && c != '\r' && c != '\t') ? null : text;
        } catch (java.nio.charset.CharacterCodingException e) {
            return null;
        }
    }
}
