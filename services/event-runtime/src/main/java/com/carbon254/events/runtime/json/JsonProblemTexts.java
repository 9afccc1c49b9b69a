package com.carbon254.events.runtime.json;

import org.apache.avro.Schema;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How {@link JsonEventReader} words a violation: what a field expects (from its Avro schema), what the request held
 * instead, quoted safely (short, NUL made visible), and the field a misspelt name probably meant.
 */
final class JsonProblemTexts {

    private JsonProblemTexts() {
    }

    static String expected(Schema schema) {
        return switch (schema.getType()) {
            case STRING -> "a string";
            case BOOLEAN -> "true or false";
            case INT -> "a whole number (32-bit)";
            case LONG -> JsonValues.isTimestamp(schema) ? "epoch milliseconds or an ISO-8601 instant" : "a whole number (64-bit)";
            case FLOAT, DOUBLE -> "a number";
            case ENUM -> "one of " + String.join(", ", schema.getEnumSymbols());
            case ARRAY -> "an array of " + plural(expected(schema.getElementType()));
            case MAP -> "an object whose values are " + plural(expected(schema.getValueType()));
            case RECORD -> "an object (" + schema.getName() + ")";
            case BYTES -> "base64 text";
            case NULL -> "null";
            default -> schema.getType().getName();
        };
    }

    static String plural(String expectation) {
        return expectation.replaceFirst("^an? ", "");
    }

    static String kindOf(JsonNode json) {
        if (json == null || json.isMissingNode()) {
            return "nothing";
        }
        return switch (json.getNodeType()) {
            case STRING -> "the string " + render(json);
            case NUMBER -> "the number " + json.asText();
            case BOOLEAN -> json.asText();
            case NULL -> "null";
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            default -> json.getNodeType().name().toLowerCase();
        };
    }

    static String render(JsonNode json) {
        String text = json.isTextual() ? "'" + render(json.asText()) + "'" : render(json.toString());
        return text;
    }

    /** A text from the request as a problem may quote it: at most 60 characters, NUL shown as \\0. */
    static String render(String text) {
        String shown = text.length() > 60 ? text.substring(0, 57) + "..." : text;
        return shown.replace("\0", "\\0");
    }

    static String unknownField(Schema schema, String name) {
        String suggestion = schema.getFields().stream().map(Schema.Field::name)
                .filter(known -> known.equalsIgnoreCase(name) || known.replace("_", "").equalsIgnoreCase(name.replace("_", "")))
                .findFirst().map(known -> "; did you mean '" + known + "'?").orElse("");
        return "unknown field" + suggestion;
    }
}
