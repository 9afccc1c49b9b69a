package com.carbon254.events.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * The generated AsyncAPI document (the file the build wrote into {@code target/}, and the copy in the jar) against the
 * official AsyncAPI 3.0 JSON schema of the npm package {@code @asyncapi/specs} (installed by the build, never fetched
 * by the test), and against the catalog: a channel per topic, a message per event type.
 */
class AsyncApiDocumentTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static JsonNode document;
    private static JsonSchema asyncApi3;

    @BeforeAll
    static void load() throws IOException {
        document = YAML.readTree(Path.of(System.getProperty("asyncapi.document")).toFile());
        JsonNode schema = new ObjectMapper().readTree(Path.of(System.getProperty("asyncapi.schema")).toFile());
        // Every $ref of the bundled schema points at a definition embedded in it by its $id: nothing is fetched (a fetch
        // would fail here, with no network, and so would the test).
        asyncApi3 = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
                .getSchema(schema, SchemaValidatorsConfig.builder().build());
    }

    @Test
    void isAValidAsyncApi3Document() {
        assertEquals(AsyncApiDocument.ASYNCAPI_VERSION, document.path("asyncapi").asText());
        Set<ValidationMessage> errors = asyncApi3.validate(document);
        assertTrue(errors.isEmpty(), () -> "not a valid AsyncAPI 3.0 document: " + errors);
    }

    @Test
    void theValidatorRejectsABrokenDocument() {
        ObjectNode broken = document.deepCopy();
        ((ObjectNode) broken.path("channels").path("data-ingestion")).put("address", 42);
        ((ObjectNode) broken.path("components").path("messages").path("DataIngestion").path("bindings").path("kafka"))
                .put("schemaIdLocation", "nowhere");
        assertFalse(asyncApi3.validate(broken).isEmpty(), "a number as a channel address must be refused");
    }

    @Test
    void hasAChannelPerTopicWithItsKafkaBinding() {
        List<String> channels = new ArrayList<>();
        document.path("channels").fieldNames().forEachRemaining(channels::add);
        assertEquals(TopicCatalog.allTopicsWithDeadLetters().stream().map(TopicDefinition::name).toList(), channels);
        for (TopicDefinition topic : TopicCatalog.allTopicsWithDeadLetters()) {
            JsonNode kafka = document.path("channels").path(topic.name()).path("bindings").path("kafka");
            assertEquals(topic.partitions(), kafka.path("partitions").asInt(), topic.name());
            assertEquals(topic.retentionMs(), kafka.path("topicConfiguration").path("retention.ms").asLong(), topic.name());
            Set<String> messages = new java.util.HashSet<>();
            document.path("channels").path(topic.name()).path("messages").fieldNames().forEachRemaining(messages::add);
            assertEquals(topic.eventTypes().stream().map(EventType::typeName).collect(Collectors.toSet()), messages);
            assertEquals("send", document.path("operations").path("send-" + topic.name()).path("action").asText());
        }
    }

    @Test
    void hasAMessagePerEventTypeWithItsAvroSchema() throws IOException {
        JsonNode messages = document.path("components").path("messages");
        assertEquals(EventType.values().length, messages.size());
        for (EventType type : EventType.values()) {
            JsonNode payload = messages.path(type.typeName()).path("payload");
            assertEquals(AsyncApiDocument.AVRO_SCHEMA_FORMAT, payload.path("schemaFormat").asText());
            org.apache.avro.Schema documented = new org.apache.avro.Schema.Parser().parse(payload.path("schema").toString());
            assertEquals(SchemaNormalization.parsingFingerprint64(type.schema()),
                    SchemaNormalization.parsingFingerprint64(documented), type.typeName());
            assertEquals(type.schema().getDoc(), documented.getDoc());
            assertFalse(payload.path("schema").toString().contains("avro.java.string"), "Java-only properties");
            assertEquals(type.typeName(), messages.path(type.typeName()).path("examples").get(0).path("payload")
                    .path("eventType").asText());
        }
    }

    @Test
    void theJarCarriesTheSameDocument() throws IOException {
        try (InputStream packaged = AsyncApiWriter.class.getClassLoader().getResourceAsStream(AsyncApiWriter.RESOURCE)) {
            assertTrue(packaged != null, AsyncApiWriter.RESOURCE + " is not on the class path");
            assertEquals(Files.readString(Path.of(System.getProperty("asyncapi.document"))),
                    new String(packaged.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
        assertTrue(Arrays.stream(EventType.values()).allMatch(t -> t.schema().getDoc() != null));
    }
}
