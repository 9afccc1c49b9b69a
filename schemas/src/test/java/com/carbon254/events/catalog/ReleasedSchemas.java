package com.carbon254.events.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * The released versions of every event schema, kept as {@code src/test/resources/released/<TypeName>/<n>.avsc} (each a
 * complete, self-contained writer schema as producers registered it), and the BACKWARD_TRANSITIVE guard over them.
 */
final class ReleasedSchemas {

    /** The module's released-schema folder in the source tree (surefire runs in the module directory). */
    static final Path SOURCE_DIR = Path.of(System.getProperty("basedir", "."), "src", "test", "resources", "released");

    private ReleasedSchemas() {
    }

    /** The released-schema folder on the test classpath. */
    static Path classpathDir() {
        try {
            var url = ReleasedSchemas.class.getResource("/released");
            if (url == null) {
                throw new IllegalStateException("no released/ folder on the test classpath");
            }
            return Path.of(url.toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The released versions of a type in {@code dir}, by version number (1, 2, ...); empty if it has none. */
    static TreeMap<Integer, Schema> versions(Path dir, String typeName) {
        TreeMap<Integer, Schema> versions = new TreeMap<>();
        Path typeDir = dir.resolve(typeName);
        if (!Files.isDirectory(typeDir)) {
            return versions;
        }
        try (Stream<Path> files = Files.list(typeDir)) {
            for (Path file : files.toList()) {
                String fileName = file.getFileName().toString();
                if (!fileName.matches("[1-9][0-9]*\\.avsc")) {
                    throw new IllegalStateException("unexpected file in released/: " + file);
                }
                // a fresh parser per file: every released schema is self-contained
                versions.put(Integer.parseInt(fileName.substring(0, fileName.length() - 5)), new Schema.Parser().parse(file.toFile()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return versions;
    }

    /** The type folders present in {@code dir}. */
    static List<String> releasedTypeNames(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * BACKWARD_TRANSITIVE: whether a consumer using {@code current} as its reader schema can read data written with every
     * one of {@code released}. Returns one message per released version it cannot read; empty if compatible.
     */
    static List<String> backwardTransitiveProblems(Schema current, TreeMap<Integer, Schema> released) {
        List<String> problems = new ArrayList<>();
        released.forEach((version, writer) -> {
            SchemaPairCompatibility result = SchemaCompatibility.checkReaderWriterCompatibility(current, writer);
            if (result.getType() != SchemaCompatibilityType.COMPATIBLE) {
                problems.add(current.getFullName() + " cannot read data written with released version " + version + ": "
                        + result.getResult().getIncompatibilities());
            }
        });
        return problems;
    }
}
