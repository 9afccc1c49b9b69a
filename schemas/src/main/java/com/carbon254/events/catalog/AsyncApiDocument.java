package com.carbon254.events.catalog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The platform's events as an <a href="https://www.asyncapi.com/docs/reference/specification/v3.0.0">AsyncAPI 3.0</a>
 * document, derived from the catalog alone: a channel per topic of {@link TopicCatalog} (dead-letter topics included)
 * with its Kafka binding (partitions, replicas, retention, cleanup policy), a message per {@link EventType} with its Avro
 * schema, key and an example ({@link EventExamples}), and per topic a {@code send} operation that says who may publish
 * ({@link PublishRule}) and a {@code receive} operation.
 *
 * <p>{@link AsyncApiWriter} writes it as YAML at build time; the build validates it against the official AsyncAPI 3.0
 * JSON schema, and the operator console serves it.
 */
public final class AsyncApiDocument {

    /** The AsyncAPI version the document follows. */
    public static final String ASYNCAPI_VERSION = "3.0.0";
    /** The version of the Kafka bindings used. */
    public static final String KAFKA_BINDING_VERSION = "0.5.0";
    /** Avro schema format identifier of AsyncAPI's multi-format schemas. */
    public static final String AVRO_SCHEMA_FORMAT = "application/vnd.apache.avro;version=1.9.0";

    private static final ObjectMapper JSON = new ObjectMapper();
    /** What the Java code generator adds to string types; no other language needs it. */
    private static final String JAVA_STRING_PROPERTY = "avro.java.string";

    private AsyncApiDocument() {
    }

    /**
     * The document as nested maps and lists, in a stable order (catalog order), ready for a YAML or JSON writer.
     *
     * @param version the value of {@code info.version}: the version of the contracts (the build's version)
     */
    public static Map<String, Object> build(String version) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("asyncapi", ASYNCAPI_VERSION);
        document.put("info", info(version));
        document.put("defaultContentType", "application/octet-stream");
        Map<String, Object> channels = new LinkedHashMap<>();
        Map<String, Object> operations = new LinkedHashMap<>();
        for (TopicDefinition topic : TopicCatalog.allTopicsWithDeadLetters()) {
            channels.put(topic.name(), channel(topic));
            operations.put("send-" + topic.name(), operation("send", topic));
            operations.put("receive-" + topic.name(), operation("receive", topic));
        }
        document.put("channels", channels);
        document.put("operations", operations);
        Map<String, Object> messages = new LinkedHashMap<>();
        for (EventType type : EventType.values()) {
            messages.put(type.typeName(), message(type));
        }
        document.put("components", Map.of("messages", messages));
        return document;
    }

    private static Map<String, Object> info(String version) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("title", "254Carbon event platform");
        info.put("version", version);
        info.put("description", """
                Every Kafka topic and event type of the 254Carbon event platform, generated from the topic catalog \
                (com.carbon254.events.catalog) and the Avro contracts: do not edit. Record values are Avro in the \
                Confluent wire format (magic byte 0, 4-byte schema id = the Apicurio content id), subject \
                <topic>-value (topic-name strategy); the registry enforces BACKWARD_TRANSITIVE compatibility. Every \
                event carries the envelope fields eventId, eventType, timestamp, source, version, correlationId and \
                causationId. Each topic t has a dead-letter topic t.dlq holding the records its consumers could not \
                process, with headers naming the reason.""");
        return info;
    }

    private static Map<String, Object> channel(TopicDefinition topic) {
        Map<String, Object> channel = new LinkedHashMap<>();
        channel.put("address", topic.name());
        channel.put("title", topic.name());
        channel.put("description", topic.purpose());
        Map<String, Object> messages = new LinkedHashMap<>();
        for (EventType type : topic.eventTypes()) {
            messages.put(type.typeName(), ref("#/components/messages/" + type.typeName()));
        }
        channel.put("messages", messages);
        channel.put("tags", List.of(Map.of("name", topic.category().name().toLowerCase(Locale.ROOT)),
                Map.of("name", topic.isDeadLetter() ? "dead-letter" : "event")));

        Map<String, Object> configuration = new LinkedHashMap<>();
        configuration.put("cleanup.policy", List.of("delete"));
        configuration.put("retention.ms", topic.retentionMs());
        Map<String, Object> kafka = new LinkedHashMap<>();
        kafka.put("topic", topic.name());
        kafka.put("partitions", topic.partitions());
        kafka.put("replicas", (int) TopicCatalog.REPLICATION_FACTOR);
        kafka.put("topicConfiguration", configuration);
        kafka.put("bindingVersion", KAFKA_BINDING_VERSION);
        channel.put("bindings", Map.of("kafka", kafka));
        return channel;
    }

    private static Map<String, Object> operation(String action, TopicDefinition topic) {
        Map<String, Object> operation = new LinkedHashMap<>();
        operation.put("action", action);
        operation.put("channel", ref("#/channels/" + topic.name()));
        operation.put("summary", action.equals("send") ? whoSends(topic) : whoReceives(topic));
        List<Object> messages = new ArrayList<>();
        for (EventType type : topic.eventTypes()) {
            messages.add(ref("#/channels/" + topic.name() + "/messages/" + type.typeName()));
        }
        operation.put("messages", messages);
        return operation;
    }

    private static String whoSends(TopicDefinition topic) {
        if (topic.isDeadLetter()) {
            return "A consumer of " + topic.name().substring(0, topic.name().length() - TopicDefinition.DEAD_LETTER_SUFFIX.length())
                    + " writes each record it cannot process here, unchanged, with dead-letter-* headers naming the reason.";
        }
        PublishRule rule = topic.publishRule();
        return switch (rule) {
            case PRODUCER, AUDIT_RECORDER -> "Published by " + rule.name().toLowerCase(Locale.ROOT).replace('_', ' ')
                    + "s: through the event gateway with role " + rule.gatewayRole().orElseThrow()
                    + ", or by a platform service's own Kafka account.";
            case PLATFORM -> "Published only by the platform service that owns the fact; never accepted through the "
                    + "event gateway.";
        };
    }

    private static String whoReceives(TopicDefinition topic) {
        return topic.isDeadLetter()
                ? "Operators browse dead letters (query API, console) and re-drive them to their original topic."
                : "Consumers read it with isolation.level=read_committed, keyed by entity so each entity's events stay in order.";
    }

    private static Map<String, Object> message(EventType type) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("name", type.typeName());
        message.put("title", type.typeName());
        message.put("summary", type.schema().getDoc());
        message.put("contentType", "application/vnd.apache.avro+binary");
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("schemaFormat", AVRO_SCHEMA_FORMAT);
        payload.put("schema", avro(type));
        message.put("payload", payload);
        message.put("tags", List.of(Map.of("name", type.category().name().toLowerCase(Locale.ROOT)),
                Map.of("name", "publish-rule:" + type.publishRule().name().toLowerCase(Locale.ROOT))));

        Map<String, Object> key = new LinkedHashMap<>();
        key.put("type", "string");
        key.put("description", "The event's " + type.keyField() + " (all events of one entity on one partition)");
        Map<String, Object> kafka = new LinkedHashMap<>();
        kafka.put("key", key);
        kafka.put("schemaIdLocation", "payload");
        kafka.put("schemaIdPayloadEncoding", "confluent");
        kafka.put("schemaLookupStrategy", "TopicIdStrategy");
        kafka.put("bindingVersion", KAFKA_BINDING_VERSION);
        message.put("bindings", Map.of("kafka", kafka));

        Map<String, Object> example = new LinkedHashMap<>();
        example.put("name", "example");
        example.put("summary", "An example " + type.typeName() + " event, in the platform's plain JSON form");
        example.put("payload", EventExamples.of(type));
        message.put("examples", List.of(example));
        return message;
    }

    /** The event's Avro schema as in its {@code .avsc}: without the Java-only {@code avro.java.string} properties. */
    private static JsonNode avro(EventType type) {
        try {
            JsonNode schema = JSON.readTree(type.schema().toString());
            withoutJavaProperties(schema);
            return schema;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the Avro schema of " + type.typeName() + " is not JSON", e);
        }
    }

    private static void withoutJavaProperties(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.remove(JAVA_STRING_PROPERTY);
        }
        node.forEach(AsyncApiDocument::withoutJavaProperties);
    }

    private static Map<String, Object> ref(String pointer) {
        return Map.of("$ref", pointer);
    }
}
