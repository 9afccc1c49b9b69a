package com.carbon254.projector.mapping;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import com.carbon254.events.catalog.TopicDefinition;
import com.carbon254.events.runtime.EventHeaders;
import com.carbon254.projector.projection.ConsumedRecord;
import com.carbon254.projector.projection.DeadLetter;
import com.carbon254.projector.projection.DeadLetterValue;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Reads a dead-letter record's headers (as the event runtime's dead-letter queue writes them) into a row. */
public final class DeadLetters {

    private DeadLetters() {
    }

    public static DeadLetter of(ConsumedRecord<DeadLetterValue> record) {
        Headers headers = record.headers();
        String dlqTopic = record.source().topic();
        String originalTopic = text(headers, com.carbon254.events.runtime.DeadLetters.TOPIC);
        if (originalTopic == null) {
            originalTopic = dlqTopic.endsWith(TopicDefinition.DEAD_LETTER_SUFFIX)
                    ? dlqTopic.substring(0, dlqTopic.length() - TopicDefinition.DEAD_LETTER_SUFFIX.length())
                    : dlqTopic;
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
