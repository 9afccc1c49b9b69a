package com.carbon254.flink.aggregator.serde;

import java.io.IOException;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** A record value written as JSON (a plain producer's {@code JSON.stringify(event)}), as the platform's consumers tell it. */
final class JsonValue {

    // One JSON value and nothing after it, as the services' PolyglotEventDeserializer reads it.
    private static final ObjectMapper JSON = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private JsonValue() {
    }

    /** Whether the value starts, after blanks, with {@code '{'}. */
    static boolean isObject(byte[] value) {
        for (byte b : value) {
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return b == '{';
            }
        }
        return false;
    }

    static JsonNode read(byte[] value) throws IOException {
        return JSON.readTree(value);
    }
}
