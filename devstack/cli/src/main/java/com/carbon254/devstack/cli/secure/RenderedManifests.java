package com.carbon254.devstack.cli.secure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The rendered Kubernetes manifests ({@code deploy/target/manifests/}, written by the deploy module), read as the
 * single source of truth of the secured local platform: its Kafka users and ACLs, its setup Jobs, the services'
 * environment, the ConfigMap they read and the Flink job's arguments all come from here.
 */
public final class RenderedManifests {

    /** Where the deploy module renders them, relative to the repository root. */
    public static final Path FOLDER = Path.of("deploy", "target", "manifests");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final List<JsonNode> documents;

    private RenderedManifests(List<JsonNode> documents) {
        this.documents = documents;
    }

    /** Every document of every {@code .yml} file of the folder. */
    public static RenderedManifests read(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalStateException("No rendered manifests in " + folder
                    + ": render them with ./mvnw -pl deploy -am package -DskipTests");
        }
        List<JsonNode> documents = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yml")).sorted().toList()) {
                try (var parser = YAML.createParser(file.toFile())) {
                    YAML.readValues(parser, JsonNode.class).forEachRemaining(doc -> {
                        if (doc != null && doc.has("kind")) {
                            documents.add(doc);
                        }
                    });
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the manifests in " + folder, e);
        }
        return new RenderedManifests(documents);
    }

    /** Every resource of a kind, in file order. */
    public List<JsonNode> all(String kind) {
        return documents.stream().filter(d -> d.path("kind").asText().equals(kind)).toList();
    }

    /** The resource of a kind and name, if rendered. */
    public Optional<JsonNode> find(String kind, String name) {
        return all(kind).stream().filter(d -> d.path("metadata").path("name").asText().equals(name)).findFirst();
    }

    /** The resource of a kind and name; an error naming it when it is not rendered. */
    public JsonNode get(String kind, String name) {
        return find(kind, name).orElseThrow(() -> new IllegalStateException("The rendered manifests have no " + kind
                + " " + name));
    }

    /** The first container of a workload's pod template (Deployment, Job). */
    public static JsonNode container(JsonNode workload) {
        JsonNode containers = workload.path("spec").path("template").path("spec").path("containers");
        return containers.isArray() && !containers.isEmpty() ? containers.get(0) : MissingNode.getInstance();
    }

    public static String name(JsonNode resource) {
        return resource.path("metadata").path("name").asText();
    }
}
