package com.carbon254.events.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.carbon254.events.common.DatasetColumn;
import com.carbon254.events.data.DataIngestionEvent;
import com.carbon254.events.data.DatasetCreatedEvent;
import com.carbon254.events.data.DatasetDeletedEvent;
import com.carbon254.events.data.DatasetUpdatedEvent;
import com.carbon254.events.system.ServiceHealthEvent;

class EventCatalogTest {

    private static final List<String> BASE_FIELDS =
            List.of("eventId", "eventType", "timestamp", "source", "version", "correlationId", "causationId");

    /** The catalog as specified: topic, partitions, retention in days (-1: forever), event types, key field. */
    private record Row(String topic, int partitions, long retentionDays, List<String> types, String key) {
    }

    private static final List<Row> SPEC = List.of(
            new Row("data-ingestion", 12, 7, List.of("DataIngestion"), "datasetName"),
            new Row("data-quality", 6, 30, List.of("DataQuality"), "datasetName"),
            new Row("data-transformation", 6, 30, List.of("DataTransformation"), "outputDataset"),
            new Row("data-lineage", 3, 90, List.of("DataLineage"), "targetDataset"),
            new Row("system-health", 3, 7, List.of("ServiceHealth"), "serviceName"),
            new Row("deployment-events", 3, 90, List.of("Deployment"), "serviceName"),
            new Row("config-changes", 3, 365, List.of("ConfigChange"), "serviceName"),
            new Row("security-events", 6, 365, List.of("Security"), "principal"),
            new Row("audit-user-actions", 12, 365, List.of("UserAction"), "actor"),
            new Row("audit-api-calls", 12, 30, List.of("ApiCall"), "actor"),
            new Row("audit-data-access", 12, 90, List.of("DataAccess"), "actor"),
            new Row("audit-admin-operations", 3, 365, List.of("AdminOperation"), "actor"),
            new Row("data-events", 6, -1, List.of("DatasetCreated", "DatasetUpdated", "DatasetDeleted"), "datasetId"),
            new Row("data-ingestion-aggregated", 6, 30, List.of("DataIngestionAggregated"), "datasetName"),
            new Row("data-quality-aggregated", 3, 30, List.of("DataQualityAggregated"), "datasetName"));

    @Test
    void catalogMatchesTheSpecifiedTopicTable() {
        List<TopicDefinition> topics = TopicCatalog.topics();
        assertEquals(SPEC.stream().map(Row::topic).toList(), topics.stream().map(TopicDefinition::name).toList());
        for (int i = 0; i < SPEC.size(); i++) {
            Row row = SPEC.get(i);
            TopicDefinition topic = topics.get(i);
            assertEquals(row.partitions(), topic.partitions(), row.topic());
            if (row.retentionDays() < 0) {
                assertTrue(topic.infiniteRetention(), row.topic());
                assertNull(topic.retention(), row.topic());
            } else {
                assertEquals(Duration.ofDays(row.retentionDays()), topic.retention(), row.topic());
            }
            assertEquals(row.types(), topic.eventTypes().stream().map(EventType::typeName).toList(), row.topic());
            for (EventType type : topic.eventTypes()) {
                assertEquals(row.key(), type.keyField(), type.typeName());
            }
            assertFalse(topic.purpose().isBlank(), row.topic());
        }
    }

    @Test
    void everyGeneratedEventRecordHasExactlyOneEventType() throws Exception {
        List<Class<?>> recordClasses = generatedRecordClasses();
        List<Class<?>> eventClasses = recordClasses.stream()
                .filter(c -> !c.getPackageName().endsWith(".common")).toList();
        assertEquals(17, eventClasses.size(), "generated event classes: " + eventClasses);
        for (Class<?> recordClass : eventClasses) {
            List<EventType> types = Arrays.stream(EventType.values()).filter(t -> t.recordClass() == recordClass).toList();
            assertEquals(1, types.size(), recordClass + " has event types " + types);
            assertEquals(types.get(0), EventType.byRecordClass(recordClass).orElseThrow());
        }
        assertEquals(eventClasses.size(), EventType.values().length);
        // shared named types are not events
        assertTrue(recordClasses.contains(DatasetColumn.class));
        assertTrue(EventType.byRecordClass(DatasetColumn.class).isEmpty());
    }

    /** Every class generated from a record schema, found by walking the compiled classes of the events packages. */
    private static List<Class<?>> generatedRecordClasses() throws IOException, URISyntaxException, ClassNotFoundException {
        Path classes = Path.of(DataIngestionEvent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path root = classes.resolve("com/carbon254/events");
        List<Class<?>> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".class")).sorted().toList()) {
                String relative = classes.relativize(file).toString();
                if (relative.contains("$") || relative.contains("/catalog/")) {
                    continue;
                }
                String className = relative.substring(0, relative.length() - ".class".length()).replace('/', '.');
                Class<?> cls = Class.forName(className);
                if (SpecificRecord.class.isAssignableFrom(cls)) {
                    found.add(cls);
                }
            }
        }
        return found;
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyEventStartsWithTheBaseFields(EventType type) {
        Schema schema = type.schema();
        List<Schema.Field> fields = schema.getFields();
        assertTrue(fields.size() > BASE_FIELDS.size());
        assertEquals(BASE_FIELDS, fields.subList(0, BASE_FIELDS.size()).stream().map(Schema.Field::name).toList());

        assertRequiredString(schema.getField("eventId"));
        assertRequiredString(schema.getField("eventType"));
        Schema timestamp = schema.getField("timestamp").schema();
        assertEquals(Schema.Type.LONG, timestamp.getType());
        assertEquals(LogicalTypes.timestampMillis(), timestamp.getLogicalType());
        assertRequiredString(schema.getField("source"));
        assertRequiredString(schema.getField("version"));
        assertEquals("1", schema.getField("version").defaultVal());
        assertNullableString(schema.getField("correlationId"));
        assertNullableString(schema.getField("causationId"));
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void eventTypeIsTheRecordNameWithoutEventSuffix(EventType type) {
        String recordName = type.schema().getName();
        assertEquals(type.recordClass().getSimpleName(), recordName);
        assertTrue(recordName.endsWith("Event"), recordName);
        assertEquals(recordName.substring(0, recordName.length() - "Event".length()), type.typeName());
        Schema.Field eventType = type.schema().getField("eventType");
        assertEquals(type.typeName(), eventType.defaultVal(), "eventType default");
        assertTrue(eventType.doc().contains("without the 'Event' suffix"), eventType.doc());
        assertTrue(eventType.doc().contains("'" + type.typeName() + "'"), eventType.doc());
        assertEquals(type, EventType.byTypeName(type.typeName()).orElseThrow());
        assertEquals(type.schema(), SampleEvents.of(type).getSchema());
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void keyFieldIsARequiredStringAndKeyOfReadsIt(EventType type) {
        Schema.Field key = type.schema().getField(type.keyField());
        assertNotNull(key, type.keyField());
        assertRequiredString(key);
        SpecificRecord sample = SampleEvents.of(type);
        assertEquals(sample.get(key.pos()), type.keyOf(sample));
        assertEquals(type, EventType.of(sample));
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void namespaceMatchesCategoryAndTopicIsInTheCatalog(EventType type) {
        assertEquals("com.carbon254.events." + type.category().name().toLowerCase(), type.schema().getNamespace());
        assertEquals(type.topic().category(), type.category());
        assertTrue(TopicCatalog.topics().contains(type.topic()), type.topic().name());
        assertEquals(type.topic(), TopicCatalog.byName(type.topic().name()).orElseThrow());
    }

    @Test
    void keyOfRejectsForeignAndIncompleteEvents() {
        SpecificRecord health = SampleEvents.of(EventType.SERVICE_HEALTH);
        assertThrows(IllegalArgumentException.class, () -> EventType.DATA_INGESTION.keyOf(health));
        assertThrows(IllegalArgumentException.class, () -> EventType.DATA_INGESTION.keyOf(new DataIngestionEvent()));
        assertThrows(IllegalArgumentException.class, () -> EventType.of(new DatasetColumn()));
        assertTrue(EventType.byTypeName("DataIngestionEvent").isEmpty());
        assertTrue(EventType.byTypeName(null).isEmpty());
        assertTrue(EventType.byRecordClass(String.class).isEmpty());
        assertTrue(EventType.byRecordClass(null).isEmpty());
        assertEquals("sales.orders", EventType.DATA_INGESTION.keyOf(SampleEvents.of(EventType.DATA_INGESTION)));
    }

    @Test
    void everyEventTypeIsOnExactlyOneTopicAndEveryTopicHasEvents() {
        Map<EventType, Integer> seen = new IdentityHashMap<>();
        for (TopicDefinition topic : TopicCatalog.topics()) {
            assertFalse(topic.eventTypes().isEmpty(), topic.name() + " has no event type");
            topic.eventTypes().forEach(t -> seen.merge(t, 1, Integer::sum));
        }
        for (EventType type : EventType.values()) {
            assertEquals(1, seen.getOrDefault(type, 0), type + " is on " + seen.getOrDefault(type, 0) + " topics");
        }
    }

    @Test
    void topicNamesAreUniqueIncludingDeadLetters() {
        List<String> names = TopicCatalog.allTopicsWithDeadLetters().stream().map(TopicDefinition::name).toList();
        assertEquals(TopicCatalog.topics().size() * 2, names.size());
        assertEquals(names.size(), new HashSet<>(names).size(), "duplicate topic names: " + names);
        for (String name : names) {
            assertTrue(name.matches("[a-z][a-z0-9-]*(\\.dlq)?"), name);
        }
    }

    @Test
    void restoreTopicsHoldTheirTopicsValuesInAsManyPartitions() {
        assertEquals(TopicCatalog.topics().size(), TopicCatalog.restoreTopics().size());
        for (TopicDefinition topic : TopicCatalog.topics()) {
            TopicDefinition restore = topic.restore();
            assertEquals(topic.name() + ".restore", restore.name());
            assertTrue(restore.isRestore());
            assertFalse(restore.isDeadLetter());
            assertEquals(topic.partitions(), restore.partitions());
            assertEquals(topic.eventTypes(), restore.eventTypes());
            assertEquals(Duration.ofDays(7), restore.retention());
            assertEquals(Optional.of(restore), TopicCatalog.byName(restore.name()));
            assertTrue(TopicCatalog.restoreTopics().contains(restore));
            assertThrows(IllegalStateException.class, restore::restore);
            assertThrows(IllegalStateException.class, () -> topic.deadLetter().restore());
        }
    }

    @Test
    void deadLetterTopics() {
        List<TopicDefinition> all = TopicCatalog.allTopicsWithDeadLetters();
        for (TopicDefinition topic : TopicCatalog.topics()) {
            TopicDefinition dlq = topic.deadLetter();
            assertEquals(topic.name() + ".dlq", topic.deadLetterTopic());
            assertEquals(topic.deadLetterTopic(), dlq.name());
            assertTrue(dlq.isDeadLetter());
            assertFalse(topic.isDeadLetter());
            assertEquals(Math.min(topic.partitions(), 3), dlq.partitions());
            assertEquals(topic.category(), dlq.category());
            if (topic.infiniteRetention()) {
                assertTrue(dlq.infiniteRetention(), dlq.name());
            } else {
                Duration expected = topic.retention().compareTo(Duration.ofDays(30)) > 0 ? topic.retention() : Duration.ofDays(30);
                assertEquals(expected, dlq.retention(), dlq.name());
            }
            assertEquals(topic.eventTypes(), dlq.eventTypes(), "a DLQ holds its topic's values");
            assertEquals(topic.deadLetterTopic() + "-value", dlq.valueSubject());
            assertEquals(dlq, TopicCatalog.byName(dlq.name()).orElseThrow());
            assertEquals(all.indexOf(topic) + 1, all.indexOf(dlq), "a DLQ follows its topic");
            assertThrows(IllegalStateException.class, dlq::deadLetter);
            assertThrows(IllegalStateException.class, dlq::deadLetterTopic);
        }
        assertEquals(Duration.ofDays(30), TopicCatalog.DATA_INGESTION.deadLetter().retention());
        assertEquals(3, TopicCatalog.DATA_INGESTION.deadLetter().partitions());
        assertEquals(Duration.ofDays(365), TopicCatalog.CONFIG_CHANGES.deadLetter().retention());
        assertNull(TopicCatalog.DATA_EVENTS.deadLetter().retention());
        assertTrue(TopicCatalog.byName("no-such-topic").isEmpty());
    }

    @Test
    void topicConfigs() {
        assertEquals(Map.of("retention.ms", "604800000", "compression.type", "lz4", "cleanup.policy", "delete",
                "min.insync.replicas", "2"), TopicCatalog.DATA_INGESTION.configs());
        assertEquals(List.of("retention.ms", "compression.type", "cleanup.policy", "min.insync.replicas"),
                List.copyOf(TopicCatalog.DATA_INGESTION.configs().keySet()));
        assertEquals("-1", TopicCatalog.DATA_EVENTS.configs().get("retention.ms"));
        assertEquals("-1", TopicCatalog.DATA_EVENTS.deadLetter().configs().get("retention.ms"));
        assertEquals("31536000000", TopicCatalog.CONFIG_CHANGES.configs().get("retention.ms"));
        assertEquals("1", TopicCatalog.DATA_EVENTS.configs(1).get("min.insync.replicas"));
        assertThrows(IllegalArgumentException.class, () -> TopicCatalog.DATA_EVENTS.configs(0));
        assertThrows(UnsupportedOperationException.class, () -> TopicCatalog.DATA_EVENTS.configs().put("a", "b"));
        assertEquals(3, TopicCatalog.REPLICATION_FACTOR);
        assertEquals(2, TopicCatalog.MIN_INSYNC_REPLICAS);
    }

    @Test
    void topicDefinitionValidation() {
        TopicDefinition negative = new TopicDefinition("t", 1, Duration.ofMillis(-1), EventCategory.DATA, "p");
        assertNull(negative.retention());
        assertEquals(-1, negative.retentionMs());
        assertThrows(IllegalArgumentException.class, () -> new TopicDefinition("t", 0, null, EventCategory.DATA, "p"));
        assertThrows(IllegalArgumentException.class, () -> new TopicDefinition(" ", 1, null, EventCategory.DATA, "p"));
        assertThrows(IllegalArgumentException.class, () -> new TopicDefinition("t", 1, Duration.ZERO, EventCategory.DATA, "p"));
        assertThrows(NullPointerException.class, () -> new TopicDefinition("t", 1, null, null, "p"));
        assertThrows(IllegalStateException.class, negative::valueSchema);
    }

    @Test
    void valueSchemas() {
        for (TopicDefinition topic : TopicCatalog.topics()) {
            assertEquals(topic.name() + "-value", topic.valueSubject());
            if (topic.eventTypes().size() == 1) {
                assertEquals(topic.eventTypes().get(0).schema(), topic.valueSchema());
            }
        }
        Schema dataEvents = TopicCatalog.DATA_EVENTS.valueSchema();
        assertEquals(Schema.Type.UNION, dataEvents.getType());
        assertEquals(List.of(DatasetCreatedEvent.getClassSchema(), DatasetUpdatedEvent.getClassSchema(),
                DatasetDeletedEvent.getClassSchema()), dataEvents.getTypes());
        // what gets registered must parse back to the same union (shared named types are defined once in it)
        assertEquals(dataEvents, new Schema.Parser().parse(dataEvents.toString()));
        assertEquals(ServiceHealthEvent.getClassSchema(), TopicCatalog.SYSTEM_HEALTH.valueSchema());
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyRecordFieldAndEnumIsDocumentedAndNullablesDefaultToNull(EventType type) {
        checkDocumented(type.schema(), new HashSet<>());
    }

    private static void checkDocumented(Schema schema, Set<String> visited) {
        switch (schema.getType()) {
            case RECORD -> {
                if (!visited.add(schema.getFullName())) {
                    return;
                }
                assertHasDoc(schema.getDoc(), schema.getFullName());
                for (Schema.Field field : schema.getFields()) {
                    String where = schema.getName() + "." + field.name();
                    assertHasDoc(field.doc(), where);
                    Schema fieldSchema = field.schema();
                    if (fieldSchema.getType() == Schema.Type.UNION) {
                        List<Schema> branches = fieldSchema.getTypes();
                        assertEquals(2, branches.size(), where + " is a union of other than [null, T]");
                        assertEquals(Schema.Type.NULL, branches.get(0).getType(), where + " must be [\"null\", T]");
                        assertEquals(JsonProperties.NULL_VALUE, field.defaultVal(), where + " must default to null");
                    }
                    checkDocumented(fieldSchema, visited);
                }
            }
            case ENUM -> {
                if (visited.add(schema.getFullName())) {
                    assertHasDoc(schema.getDoc(), schema.getFullName());
                }
            }
            case ARRAY -> checkDocumented(schema.getElementType(), visited);
            case MAP -> checkDocumented(schema.getValueType(), visited);
            case UNION -> schema.getTypes().forEach(s -> checkDocumented(s, visited));
            default -> {
            }
        }
    }

    @Test
    void sharedNamedTypesAreDefinedOnce() {
        Schema created = DatasetCreatedEvent.getClassSchema();
        Schema updated = DatasetUpdatedEvent.getClassSchema();
        Schema column = DatasetColumn.getClassSchema();
        assertEquals(column, created.getField("columns").schema().getElementType());
        assertEquals(column, updated.getField("columns").schema().getElementType());
        assertEquals(created.getField("status").schema(), updated.getField("status").schema());
        assertEquals("com.carbon254.events.common.DatasetStatus", created.getField("status").schema().getFullName());
        // the dataset state fields of Created and Updated are the same
        List<String> state = List.of("name", "description", "owner", "format", "location", "tags", "columns", "status");
        for (String name : state) {
            assertEquals(created.getField(name).schema(), updated.getField(name).schema(), name);
        }
        Set<String> allNames = Arrays.stream(EventType.values()).map(t -> t.schema().getFullName()).collect(Collectors.toSet());
        assertEquals(EventType.values().length, allNames.size());
    }

    private static void assertHasDoc(String doc, String where) {
        if (doc == null || doc.isBlank()) {
            fail(where + " has no doc");
        }
    }

    static void assertRequiredString(Schema.Field field) {
        assertNotNull(field);
        assertEquals(Schema.Type.STRING, field.schema().getType(), field.name());
    }

    static void assertNullableString(Schema.Field field) {
        assertNotNull(field);
        Schema schema = field.schema();
        assertEquals(Schema.Type.UNION, schema.getType(), field.name());
        assertEquals(List.of(Schema.Type.NULL, Schema.Type.STRING),
                schema.getTypes().stream().map(Schema::getType).toList(), field.name());
        assertEquals(JsonProperties.NULL_VALUE, field.defaultVal(), field.name());
    }
}
