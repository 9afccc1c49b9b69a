package com.carbon254.events.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Release step, not a check: with {@code -Dschemas.release=true} it copies every event schema that differs from its
 * latest released version (or has none) to {@code src/test/resources/released/<TypeName>/<n+1>.avsc}, after checking
 * that it is BACKWARD_TRANSITIVE compatible with all of them. Run it when the schemas are released:
 * {@code ./mvnw -pl schemas test -Dschemas.release=true -Dtest=ReleaseSnapshotTest}, then commit the new files.
 */
@EnabledIfSystemProperty(named = "schemas.release", matches = "true")
class ReleaseSnapshotTest {

    @Test
    void snapshotChangedSchemas() throws IOException {
        Path dir = ReleasedSchemas.SOURCE_DIR;
        Files.createDirectories(dir);
        for (EventType type : EventType.values()) {
            Schema current = type.schema();
            TreeMap<Integer, Schema> released = ReleasedSchemas.versions(dir, type.typeName());
            assertEquals(List.of(), ReleasedSchemas.backwardTransitiveProblems(current, released));
            // any difference, docs included, is a new version (the registry registers it as one too)
            if (!released.isEmpty() && released.lastEntry().getValue().toString().equals(current.toString())) {
                continue;
            }
            int next = released.isEmpty() ? 1 : released.lastKey() + 1;
            Path file = dir.resolve(type.typeName()).resolve(next + ".avsc");
            Files.createDirectories(file.getParent());
            Files.writeString(file, current.toString(true) + "\n");
            System.out.println("released " + type.typeName() + " version " + next + ": " + file);
        }
    }
}
