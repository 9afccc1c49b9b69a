package com.carbon254.api.runtime.testing;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The values {@link OpenApiFuzz} sends: valid ones from a parameter's or body's schema, and hostile ones: a fixed list
 * of known edge cases (texts, numbers, instants), random unicode text, and numbers mixing edge cases with random ones,
 * all drawn from one seeded {@link Random}, so a run repeats exactly.
 */
final class FuzzValues {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Texts known to have broken services somewhere: NUL, traversal, edge instants and numbers, unicode edges. */
    private static final List<String> EDGE_TEXTS = List.of("", " ", "\0", "a\0b", "../../etc/passwd", "..", "%00",
            "%2e%2e%2f", "%ff%fe", "-999999999-01-01T00:00:00Z", "+1000000000-01-01T00:00:00Z",
            "1969-12-31T23:59:59Z", "2025-13-45T25:61:61Z", "0", "-1", "-0", "1e309", "NaN",
            "Infinity", "9223372036854775807", "9223372036854775808", "-9223372036854775809", "2147483648", "true",
            "null", "{}", "[]", "\u202Eevil", "\uFEFF", "\uD83D\uDE00", "\u0301", "Ä", "\u00A0", "\t\r\n", "'; DROP TABLE x;--",
            "<script>", "${jndi:ldap://x}", "*", "\\", "%", "?", "#", "&&");

    private static final String WORD_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789.-_";
    private static final long[] EDGE_LONGS = {0, 1, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, Long.MAX_VALUE,
        Long.MIN_VALUE, 255, 256, 4096};
    private static final double[] EDGE_DOUBLES = {0.0, -0.0, Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE,
        1e308, 1e-308, 0.1};

    private final Random random;

    FuzzValues(Random random) {
        this.random = random;
    }

    /** Any code points, surrogates and controls included (a lone surrogate reaches the server as '?'). */
    private String anyText() {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(41);
        for (int i = 0; i < length; i++) {
            text.append((char) (random.nextBoolean() ? random.nextInt(0x80) : random.nextInt(0x10000)));
        }
        return text.toString();
    }

    private String wordText() {
        StringBuilder text = new StringBuilder();
        int length = 1 + random.nextInt(30);
        for (int i = 0; i < length; i++) {
            text.append(WORD_CHARS.charAt(random.nextInt(WORD_CHARS.length())));
        }
        return text.toString();
    }

    /** An edge long half the time, any long otherwise. */
    private long anyLong() {
        return random.nextBoolean() ? EDGE_LONGS[random.nextInt(EDGE_LONGS.length)] : random.nextLong();
    }

    private double anyDouble() {
        return random.nextBoolean() ? EDGE_DOUBLES[random.nextInt(EDGE_DOUBLES.length)]
                : Double.longBitsToDouble(random.nextLong());
    }

    /** A hostile text for a parameter: an edge case, random unicode, a huge string, or a number. */
    String hostileText() {
        return switch (random.nextInt(6)) {
            case 0, 1 -> EDGE_TEXTS.get(random.nextInt(EDGE_TEXTS.size()));
            case 2 -> anyText();
            case 3 -> "x".repeat(1 + random.nextInt(3) == 1 ? 300 : 5_000);
            case 4 -> Long.toString(anyLong());
            default -> wordText() + EDGE_TEXTS.get(random.nextInt(EDGE_TEXTS.size()));
        };
    }

    /** A valid value of a parameter schema: an enum symbol, a number in range, an instant, a word. */
    String valid(JsonNode schema) {
        JsonNode enumeration = schema.path("enum");
        if (enumeration.isArray() && !enumeration.isEmpty()) {
            return enumeration.get(random.nextInt(enumeration.size())).asText();
        }
        String type = schema.path("type").asText("string");
        String format = schema.path("format").asText("");
        return switch (type) {
            case "integer" -> Integer.toString(1 + random.nextInt(5));
            case "number" -> Double.toString(random.nextDouble());
            case "boolean" -> Boolean.toString(random.nextBoolean());
            default -> switch (format) {
                case "date-time" -> "2025-10-22T12:00:00Z";
                case "uuid" -> java.util.UUID.nameUUIDFromBytes(new byte[] {(byte) random.nextInt()}).toString();
                default -> random.nextBoolean() ? wordText() : "2025-10-22T12:00:00Z";
            };
        };
    }

    /** A path segment: encoded, or raw traversal, as a client could send it. */
    String pathSegment(String value) {
        if (random.nextInt(5) == 0) {
            return List.of("..", "%2e%2e", "%00", "%ff", "a%2Fb", "%20").get(random.nextInt(6));
        }
        return URLEncoder.encode(value.isEmpty() ? "x" : value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A query value, percent-encoded (so NUL and unicode reach the server as %00 and UTF-8). */
    String queryValue(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** A header value an HTTP client can send (no control characters); long and odd ones included. */
    String headerValue(String value) {
        StringBuilder visible = new StringBuilder();
        value.codePoints().filter(c -> c >= 0x20 && c < 0x7f).forEach(visible::appendCodePoint);
        return visible.toString();
    }

    /** A body that is not what any API takes: bytes, non-JSON, deep nesting, an empty body. */
    String hostileBody() {
        return switch (random.nextInt(5)) {
            case 0 -> "";
            case 1 -> anyText();
            case 2 -> "[".repeat(2_000) + "]".repeat(2_000);
            case 3 -> "{\"a\":" + "\"" + "\\u0000".repeat(50) + "\"}";
            default -> "{\"truncated\": ";
        };
    }

    /** A JSON value of a hostile kind for a field: wrong type, edge number, huge or NUL text, nested junk. */
    JsonNode hostileJsonValue() {
        return switch (random.nextInt(9)) {
            case 0 -> NODES.textNode(hostileText());
            case 1 -> NODES.numberNode(anyLong());
            case 2 -> NODES.numberNode(anyDouble());
            case 3 -> NODES.booleanNode(random.nextBoolean());
            case 4 -> NODES.nullNode();
            case 5 -> NODES.arrayNode().add(hostileText()).add(anyLong());
            case 6 -> NODES.objectNode().put(hostileText(), hostileText());
            case 7 -> NODES.textNode("y".repeat(100_000));
            default -> NODES.numberNode(new java.math.BigInteger("1" + "0".repeat(40)));
        };
    }

    /** A valid-looking JSON value of a body schema (for operations whose document has no example). */
    JsonNode validJson(JsonNode schema, JsonNode document, int depth) {
        JsonNode resolved = resolve(schema, document);
        if (depth > 4) {
            return NODES.nullNode();
        }
        switch (resolved.path("type").asText("object")) {
            case "array": {
                ArrayNode array = NODES.arrayNode();
                array.add(validJson(resolved.path("items"), document, depth + 1));
                return array;
            }
            case "object": {
                ObjectNode object = NODES.objectNode();
                resolved.path("properties").fields().forEachRemaining(property ->
                        object.set(property.getKey(), validJson(property.getValue(), document, depth + 1)));
                return object;
            }
            case "integer":
                return NODES.numberNode(random.nextInt(5));
            case "number":
                return NODES.numberNode(random.nextDouble());
            case "boolean":
                return NODES.booleanNode(random.nextBoolean());
            default:
                return NODES.textNode(valid(resolved));
        }
    }

    /** A schema with its {@code $ref} followed (into {@code components.schemas}). */
    static JsonNode resolve(JsonNode schema, JsonNode document) {
        JsonNode current = schema == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : schema;
        for (int hops = 0; hops < 5 && current.has("$ref"); hops++) {
            String ref = current.get("$ref").asText();
            current = document.at(ref.substring(1));
        }
        return current;
    }
}
