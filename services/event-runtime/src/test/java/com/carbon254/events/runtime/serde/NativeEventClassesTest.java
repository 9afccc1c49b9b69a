package com.carbon254.events.runtime.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.apache.avro.specific.AvroGenerated;
import org.junit.jupiter.api.Test;

import com.carbon254.events.catalog.EventType;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Every class Avro generated from the contracts is registered for reflection in native images. */
class NativeEventClassesTest {

    @Test
    void everyGeneratedAvroClassIsRegisteredForReflection() throws Exception {
        List<Class<?>> registered = List.of(NativeEventClasses.class.getAnnotation(RegisterForReflection.class).targets());
        List<Class<?>> generated = generatedClasses();
        assertThat(generated).as("generated Avro classes").hasSizeGreaterThan(EventType.values().length);
        assertThat(registered).containsAll(generated);
    }

    /** The top-level classes of the schemas module annotated {@code @AvroGenerated} (records and enums). */
    private static List<Class<?>> generatedClasses() throws IOException, URISyntaxException {
        Path location = Path.of(EventType.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (Files.isDirectory(location)) {
            return generatedClasses(location);
        }
        try (FileSystem jar = FileSystems.newFileSystem(location)) {
            return generatedClasses(jar.getPath("/"));
        }
    }

    private static List<Class<?>> generatedClasses(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.map(f -> root.relativize(f).toString())
                    .filter(f -> f.endsWith(".class") && !f.contains("$") && !f.startsWith("META-INF"))
                    .map(f -> f.substring(0, f.length() - ".class".length()).replace('/', '.'))
                    .<Class<?>>map(NativeEventClassesTest::load)
                    .filter(c -> c.isAnnotationPresent(AvroGenerated.class))
                    .toList();
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, NativeEventClassesTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
