package com.carbon254.events.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.carbon254.events.data.DataIngestionEvent;
import com.carbon254.events.system.ServiceHealthEvent;

/**
 * Avro-level compatibility guard: every current event schema must read data written with every released version of it
 * (BACKWARD_TRANSITIVE, as the Schema Registry will enforce per subject), so a breaking change fails the build before
 * it reaches the registry. On a release, copy the changed schemas to released/ (see README.md).
 */
class SchemaCompatibilityTest {

    private static final Path RELEASED = ReleasedSchemas.classpathDir();

    @ParameterizedTest
    @EnumSource(EventType.class)
    void currentSchemaReadsEveryReleasedVersion(EventType type) {
        TreeMap<Integer, Schema> released = ReleasedSchemas.versions(RELEASED, type.typeName());
        assertFalse(released.isEmpty(), "no released schema of " + type.typeName() + ": add released/"
                + type.typeName() + "/1.avsc (run the build with -Dschemas.release=true)");
        assertEquals(released.lastKey(), released.size(), "released versions of " + type.typeName() + " are not 1.." + released.size());
        for (Schema writer : released.values()) {
            assertEquals(type.schema().getFullName(), writer.getFullName(), "released record name of " + type.typeName());
        }
        assertEquals(List.of(), ReleasedSchemas.backwardTransitiveProblems(type.schema(), released));
    }

    @Test
    void noReleasedEventTypeWasRemoved() {
        List<String> current = Arrays.stream(EventType.values()).map(EventType::typeName).sorted().toList();
        assertEquals(current, ReleasedSchemas.releasedTypeNames(RELEASED),
                "every event type has a released/ folder, and no released event type may disappear");
    }

    // ----- the guard itself: it must catch breaking changes and let compatible ones through -----

    private static final Schema CURRENT = DataIngestionEvent.getClassSchema();

    private static TreeMap<Integer, Schema> releasedAs(Schema schema) {
        TreeMap<Integer, Schema> released = new TreeMap<>();
        released.put(1, schema);
        return released;
    }

    /** A copy of {@code base} whose fields are changed by {@code edit}. */
    private static Schema withFields(Schema base, java.util.function.Consumer<List<Schema.Field>> edit) {
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : base.getFields()) {
            fields.add(new Schema.Field(f, f.schema()));
        }
        edit.accept(fields);
        return Schema.createRecord(base.getName(), base.getDoc(), base.getNamespace(), false, fields);
    }

    @Test
    void guardRejectsNewRequiredFieldWithoutDefault() {
        Schema next = withFields(CURRENT, fields -> fields.add(
                new Schema.Field("tenant", Schema.create(Schema.Type.STRING), "Owning tenant.")));
        List<String> problems = ReleasedSchemas.backwardTransitiveProblems(next, releasedAs(CURRENT));
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("tenant"), problems.get(0));
    }

    @Test
    void guardAcceptsNewOptionalFieldWithDefault() {
        Schema optional = Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING));
        Schema next = withFields(CURRENT, fields -> fields.add(
                new Schema.Field("tenant", optional, "Owning tenant; null if none.", JsonProperties.NULL_VALUE)));
        assertEquals(List.of(), ReleasedSchemas.backwardTransitiveProblems(next, releasedAs(CURRENT)));
        // and a required field is fine too once it has a default
        Schema withDefault = withFields(CURRENT, fields -> fields.add(
                new Schema.Field("priority", Schema.create(Schema.Type.INT), "Priority.", 0)));
        assertEquals(List.of(), ReleasedSchemas.backwardTransitiveProblems(withDefault, releasedAs(CURRENT)));
    }

    @Test
    void guardRejectsRenamedFieldAndChangedType() {
        Schema renamed = withFields(CURRENT, fields -> fields.replaceAll(f -> f.name().equals("recordCount")
                ? new Schema.Field("rowCount", f.schema(), f.doc()) : f));
        assertEquals(1, ReleasedSchemas.backwardTransitiveProblems(renamed, releasedAs(CURRENT)).size());

        Schema retyped = withFields(CURRENT, fields -> fields.replaceAll(f -> f.name().equals("sizeBytes")
                ? new Schema.Field("sizeBytes", Schema.create(Schema.Type.STRING), f.doc()) : f));
        assertEquals(1, ReleasedSchemas.backwardTransitiveProblems(retyped, releasedAs(CURRENT)).size());

        // removing a field is fine for readers (they ignore what the writer has extra)
        Schema removed = withFields(CURRENT, fields -> fields.removeIf(f -> f.name().equals("metadata")));
        assertEquals(List.of(), ReleasedSchemas.backwardTransitiveProblems(removed, releasedAs(CURRENT)));
    }

    @Test
    void guardRejectsRemovedEnumSymbolWithoutDefault() {
        Schema health = ServiceHealthEvent.getClassSchema();
        Schema fewer = Schema.createEnum("HealthStatus", "Health of a service.", "com.carbon254.events.system",
                List.of("HEALTHY", "DEGRADED", "UNHEALTHY"));
        Schema next = withFields(health, fields -> fields.replaceAll(f -> f.name().equals("healthStatus")
                ? new Schema.Field("healthStatus", fewer, f.doc()) : f));
        assertEquals(1, ReleasedSchemas.backwardTransitiveProblems(next, releasedAs(health)).size());
    }

    @Test
    void guardIsTransitive() {
        // v1 -> v2 adds an optional field; v3 drops its default: v3 reads v2 but not v1
        Schema optional = Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING));
        Schema v2 = withFields(CURRENT, fields -> fields.add(
                new Schema.Field("tenant", optional, "Owning tenant.", JsonProperties.NULL_VALUE)));
        Schema v3 = withFields(CURRENT, fields -> fields.add(new Schema.Field("tenant", optional, "Owning tenant.")));
        TreeMap<Integer, Schema> released = new TreeMap<>();
        released.put(1, CURRENT);
        released.put(2, v2);
        List<String> problems = ReleasedSchemas.backwardTransitiveProblems(v3, released);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("released version 1"), problems.get(0));
    }
}
