package com.carbon254.events.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;

import com.carbon254.events.data.DataIngestionEvent;
import com.carbon254.events.system.ServiceHealthEvent;

/**
 * The two event schemas of the architecture seed (docs: event-driven-architecture.md) must stay as the seed defines
 * them: the same fields, in the same order, with the same types and enum symbols. Only the base event fields are
 * added in front (and the seed's plain-long timestamp became a timestamp-millis long).
 */
class SeedSchemaTest {

    /** Verbatim from the seed. */
    private static final String SEED_DATA_INGESTION = """
            {
              "type": "record",
              "name": "DataIngestionEvent",
              "namespace": "com.carbon254.events.data",
              "fields": [
                {"name": "eventId", "type": "string"},
                {"name": "timestamp", "type": "long"},
                {"name": "source", "type": "string"},
                {"name": "datasetName", "type": "string"},
                {"name": "recordCount", "type": "long"},
                {"name": "sizeBytes", "type": "long"},
                {"name": "format", "type": "string"},
                {"name": "location", "type": "string"},
                {"name": "status", "type": {"type": "enum", "name": "Status", "symbols": ["SUCCESS", "FAILURE", "PARTIAL"]}},
                {"name": "metadata", "type": {"type": "map", "values": "string"}}
              ]
            }
            """;

    /** Verbatim from the seed. */
    private static final String SEED_SERVICE_HEALTH = """
            {
              "type": "record",
              "name": "ServiceHealthEvent",
              "namespace": "com.carbon254.events.system",
              "fields": [
                {"name": "eventId", "type": "string"},
                {"name": "timestamp", "type": "long"},
                {"name": "serviceName", "type": "string"},
                {"name": "namespace", "type": "string"},
                {"name": "healthStatus", "type": {"type": "enum", "name": "HealthStatus", "symbols": ["HEALTHY", "DEGRADED", "UNHEALTHY", "UNKNOWN"]}},
                {"name": "latencyMs", "type": "long"},
                {"name": "errorRate", "type": "double"},
                {"name": "message", "type": ["null", "string"]}
              ]
            }
            """;

    /** Verbatim from the seed. */
    private static final String SEED_BASE_EVENT = """
            {
              "type": "record",
              "name": "BaseEvent",
              "namespace": "com.carbon254.events",
              "fields": [
                {"name": "eventId", "type": "string"},
                {"name": "eventType", "type": "string"},
                {"name": "timestamp", "type": "long"},
                {"name": "source", "type": "string"},
                {"name": "version", "type": "string"},
                {"name": "correlationId", "type": ["null", "string"]},
                {"name": "causationId", "type": ["null", "string"]}
              ]
            }
            """;

    @Test
    void dataIngestionEventKeepsTheSeedFields() {
        assertKeepsSeed(new Schema.Parser().parse(SEED_DATA_INGESTION), DataIngestionEvent.getClassSchema());
    }

    @Test
    void serviceHealthEventKeepsTheSeedFields() {
        assertKeepsSeed(new Schema.Parser().parse(SEED_SERVICE_HEALTH), ServiceHealthEvent.getClassSchema());
    }

    @Test
    void everyEventHasTheSeedBaseFieldsInOrder() {
        Schema base = new Schema.Parser().parse(SEED_BASE_EVENT);
        for (EventType type : EventType.values()) {
            List<Schema.Field> fields = type.schema().getFields();
            for (Schema.Field seedField : base.getFields()) {
                Schema.Field field = fields.get(seedField.pos());
                assertEquals(seedField.name(), field.name(), type + " field " + seedField.pos());
                assertEquals(form(seedField.schema()), form(field.schema()), type + "." + field.name());
            }
        }
    }

    private static void assertKeepsSeed(Schema seed, Schema current) {
        assertEquals(seed.getFullName(), current.getFullName());
        int baseFields = new Schema.Parser().parse(SEED_BASE_EVENT).getFields().size();
        for (Schema.Field seedField : seed.getFields()) {
            Schema.Field field = current.getField(seedField.name());
            assertNotNull(field, "seed field " + seedField.name() + " is missing");
            // the parsing canonical form compares the type (names, symbols, items, values) and nothing else
            assertEquals(form(seedField.schema()), form(field.schema()), "type of " + seedField.name());
        }
        // the seed's own fields, after the base fields, in the seed's order, and nothing else
        List<String> seedOwn = seed.getFields().stream().map(Schema.Field::name)
                .filter(n -> current.getField(n).pos() >= baseFields).toList();
        List<String> currentOwn = current.getFields().subList(baseFields, current.getFields().size()).stream()
                .map(Schema.Field::name).toList();
        assertEquals(seedOwn, currentOwn);
        // seed enums: same full name and symbols, and no default symbol added
        for (Schema.Field seedField : seed.getFields()) {
            if (seedField.schema().getType() == Schema.Type.ENUM) {
                Schema currentEnum = current.getField(seedField.name()).schema();
                assertEquals(seedField.schema().getFullName(), currentEnum.getFullName());
                assertEquals(seedField.schema().getEnumSymbols(), currentEnum.getEnumSymbols());
                assertNull(currentEnum.getEnumDefault());
            }
        }
    }

    private static String form(Schema schema) {
        return SchemaNormalization.toParsingForm(schema);
    }
}
