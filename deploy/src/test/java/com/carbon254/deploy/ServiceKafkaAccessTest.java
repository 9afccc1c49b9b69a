package com.carbon254.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.carbon254.events.catalog.EventType;

/**
 * The Kafka access of every client is derived from its configuration, and the rendered KafkaUsers are exactly that:
 * a channel or a publication the configuration does not show cannot be granted, and a declared publication whose
 * event class the code never touches fails the build (a grant of more than the service uses).
 */
class ServiceKafkaAccessTest {

    static final Path ROOT = Path.of(System.getProperty("platform.root", "..")).toAbsolutePath().normalize();

    @Test
    void theRenderedKafkaUsersAreExactlyTheAccessDerivedFromTheServicesConfiguration() {
        assertThat(KafkaUserManifests.yaml(ROOT)).isEqualTo(read(Path.of(System.getProperty("manifests.directory", "target/manifests"))
                .resolve(KafkaUserManifests.FILE_NAME)));
    }

    @Test
    void everyDeclaredPublicationIsAnEventClassTheDeclaringModuleUses() throws IOException {
        for (Path module : modules()) {
            Properties config = load(module);
            for (String declared : ServiceKafkaAccess.declarations(config)) {
                if (declared.startsWith("@")) {
                    continue; // whole rules of the catalog, not classes
                }
                EventType type = EventType.byTypeName(declared).orElseThrow();
                String internalName = type.recordClass().getName().replace('.', '/');
                assertThat(uses(module, internalName))
                        .as("%s declares it publishes %s, but no class of it uses %s", module.getFileName(), declared,
                                type.recordClass().getSimpleName())
                        .isTrue();
            }
        }
    }

    @Test
    void aChannelOnATopicOutsideTheCatalogFailsTheDerivation(@TempDir Path root) throws IOException {
        Path service = Files.createDirectories(root.resolve("services/rogue/src/main/resources"));
        Files.writeString(root.resolve("services/rogue/pom.xml"), "<project/>");
        Files.writeString(service.resolve("application.properties"), """
                mp.messaging.incoming.in.connector=smallrye-kafka
                mp.messaging.incoming.in.topic=not-in-the-catalog
                mp.messaging.incoming.in.group.id=rogue
                """);
        assertThatThrownBy(() -> ServiceKafkaAccess.derive(root)).hasMessageContaining("not-in-the-catalog");
    }

    @Test
    void aServiceGetsReadsGroupsAndDeadLettersOfItsChannelsOnly(@TempDir Path root) throws IOException {
        Path service = Files.createDirectories(root.resolve("services/health-watcher/src/main/resources"));
        Files.writeString(root.resolve("services/health-watcher/pom.xml"), "<project/>");
        Files.writeString(service.resolve("application.properties"), """
                mp.messaging.incoming.health.connector=smallrye-kafka
                mp.messaging.incoming.health.topic=system-health
                mp.messaging.incoming.health.group.id=health-watcher
                carbon254.kafka.publishes=ServiceHealth
                """);
        ServiceKafkaAccess access = ServiceKafkaAccess.derive(root).getFirst();
        assertThat(access.service()).isEqualTo("health-watcher");
        assertThat(access.reads()).containsExactly("system-health");
        assertThat(access.writes()).containsExactlyInAnyOrder("system-health", "system-health.dlq");
        assertThat(access.consumerGroups()).containsExactly("health-watcher");
        assertThat(access.transactionalIdPrefix()).isEmpty();
    }

    /** The service modules and the platform libraries, each with the configuration file it declares in. */
    private static List<Path> modules() throws IOException {
        try (Stream<Path> services = Files.list(ROOT.resolve("services"))) {
            return services.filter(m -> Files.isRegularFile(configFile(m))).sorted().toList();
        }
    }

    private static Path configFile(Path module) {
        Path application = module.resolve("src/main/resources/application.properties");
        return Files.isRegularFile(application) ? application
                : module.resolve("src/main/resources/META-INF/microprofile-config.properties");
    }

    private static Properties load(Path module) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(configFile(module))) {
            properties.load(in);
        }
        return properties;
    }

    /**
     * Whether a module uses a class: one of its compiled classes names it, or names a class of a platform library that
     * names it (query-api publishes DataAccess events through api-runtime's {@code DataAccessAudit}).
     */
    private static boolean uses(Path module, String internalName) throws IOException {
        Path classes = module.resolve("target/classes");
        if (referencedBy(classes, internalName)) {
            return true;
        }
        for (String library : ServiceKafkaAccess.LIBRARIES) {
            Path libraryClasses = ROOT.resolve("services").resolve(library).resolve("target/classes");
            for (String user : classesReferencing(libraryClasses, internalName)) {
                if (!module.endsWith(library) && referencedBy(classes, user)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The internal names of the compiled classes under {@code classes} that name {@code internalName}. */
    private static List<String> classesReferencing(Path classes, String internalName) throws IOException {
        byte[] needle = internalName.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.walk(classes)) {
            List<String> users = new java.util.ArrayList<>();
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                if (contains(Files.readAllBytes(file), needle)) {
                    String name = classes.relativize(file).toString();
                    users.add(name.substring(0, name.length() - ".class".length()));
                }
            }
            return users;
        }
    }

    /** Whether a compiled class under {@code classes} names {@code internalName} in its constant pool. */
    private static boolean referencedBy(Path classes, String internalName) throws IOException {
        if (!Files.isDirectory(classes)) {
            throw new IllegalStateException(classes + " is missing: build the services before this module");
        }
        byte[] needle = internalName.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                if (contains(Files.readAllBytes(file), needle)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
