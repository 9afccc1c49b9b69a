package com.carbon254.deploy.validation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import io.kubernetes.client.openapi.models.V1ObjectMeta;

/**
 * Validates custom resources against the {@code openAPIV3Schema} of their CustomResourceDefinition, the way the API
 * server with strict field validation ({@code kubectl apply}'s default) does:
 * <ul>
 * <li>the structural schema becomes a JSON schema: unknown fields are errors wherever the schema does not preserve
 *     them ({@code additionalProperties: false} unless {@code x-kubernetes-preserve-unknown-fields}),
 *     {@code x-kubernetes-int-or-string} takes an integer or a string, {@code nullable} admits null; types, enums,
 *     required fields, patterns, bounds and {@code oneOf}/{@code anyOf} are checked as written;</li>
 * <li>the {@code x-kubernetes-validations} (CEL) rules are evaluated ({@link CelRules});</li>
 * <li>{@code metadata} is checked against Kubernetes' ObjectMeta (the CRD schema leaves it to the API server).</li>
 * </ul>
 */
public final class CrdSchemas {

    private record Key(String group, String version, String kind) {
    }

    /** A served version of a CRD. */
    public record CrdVersion(String crd, String group, String version, String kind, boolean namespaced,
                             JsonNode openApiSchema, JsonSchema jsonSchema) {
    }

    private final Map<Key, CrdVersion> versions = new HashMap<>();
    private final Map<String, Set<String>> servedVersionsByKind = new HashMap<>();
    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);
    private final SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(false)
            .build();
    private final List<String> sources = new ArrayList<>();

    /** Loads every CRD (YAML, one or more per file) under the folder, recursively. */
    public CrdSchemas load(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.filter(f -> f.toString().matches(".*\\.ya?ml")).sorted().toList()) {
                for (Manifest crd : ManifestFiles.load(file, directory.relativize(file).toString())) {
                    if (crd.kind().equals("CustomResourceDefinition")) {
                        add(crd);
                    }
                }
            }
        }
        return this;
    }

    /**
     * Flink versions newer operators accept in {@code FlinkDeployment.spec.flinkVersion}: the operator API on Maven
     * Central here (1.10) predates Flink 2, which the platform runs (2.2); its CRD is otherwise what newer operators
     * serve, so this enum is the one thing widened.
     */
    static final List<String> FLINK_2_VERSIONS = List.of("v2_0", "v2_1", "v2_2");

    /** Adds one CRD (replacing a version of the same group/kind loaded before). */
    public CrdSchemas add(Manifest crd) {
        if (crd.name().equals("flinkdeployments.flink.apache.org")) {
            for (JsonNode version : crd.spec().path("versions")) {
                JsonNode flinkVersion = version.path("schema").path("openAPIV3Schema").path("properties")
                        .path("spec").path("properties").path("flinkVersion");
                if (flinkVersion.path("enum") instanceof ArrayNode values) {
                    FLINK_2_VERSIONS.stream().filter(v -> !texts(values).contains(v)).forEach(values::add);
                }
            }
        }
        JsonNode spec = crd.spec();
        String group = spec.path("group").asText();
        String kind = spec.path("names").path("kind").asText();
        boolean namespaced = spec.path("scope").asText().equals("Namespaced");
        for (JsonNode version : spec.path("versions")) {
            if (!version.path("served").asBoolean(false)) {
                continue;
            }
            JsonNode openApi = version.path("schema").path("openAPIV3Schema");
            if (openApi.isMissingNode()) {
                throw new IllegalArgumentException(crd + " version " + version.path("name").asText()
                        + " has no openAPIV3Schema");
            }
            String name = version.path("name").asText();
            JsonSchema schema = factory.getSchema(toJsonSchema(openApi), config);
            versions.put(new Key(group, name, kind), new CrdVersion(crd.name(), group, name, kind, namespaced,
                    openApi, schema));
            servedVersionsByKind.computeIfAbsent(group + "/" + kind, k -> new TreeSet<>()).add(name);
        }
        sources.add(crd.name() + " (" + crd.file() + ")");
        return this;
    }

    /** The CRDs loaded, for reports. */
    public List<String> sources() {
        return List.copyOf(sources);
    }

    /** Whether a CRD of this group is loaded. */
    public boolean hasGroup(String group) {
        return versions.keySet().stream().anyMatch(k -> k.group().equals(group));
    }

    public Optional<CrdVersion> find(String group, String version, String kind) {
        return Optional.ofNullable(versions.get(new Key(group, version, kind)));
    }

    /**
     * Validates a custom resource.
     *
     * @return the problems found, empty when valid
     */
    public List<String> validate(Manifest resource) {
        CrdVersion crd = versions.get(new Key(resource.group(), resource.version(), resource.kind()));
        if (crd == null) {
            Set<String> served = servedVersionsByKind.get(resource.group() + "/" + resource.kind());
            return List.of(served == null
                    ? "no CRD for " + resource.apiVersion() + " " + resource.kind()
                    : resource.kind() + " is not served in " + resource.apiVersion() + " by the CRD (served: "
                            + served + ")");
        }
        List<String> problems = new ArrayList<>();
        Set<ValidationMessage> messages = crd.jsonSchema().validate(resource.node());
        messages.stream().map(ValidationMessage::getMessage).sorted().forEach(problems::add);
        try {
            BuiltinKinds.validate(V1ObjectMeta.class, resource.node().path("metadata"));
        } catch (IllegalArgumentException e) {
            problems.add("metadata: " + e.getMessage());
        }
        if (messages.isEmpty()) {
            problems.addAll(CelRules.check(crd.openApiSchema(), resource.node(), "$"));
        }
        if (crd.namespaced() != !resource.namespace().isEmpty()) {
            problems.add(crd.namespaced() ? "a namespaced kind without metadata.namespace"
                    : "a cluster-scoped kind with metadata.namespace");
        }
        return problems;
    }

    /** The JSON schema equivalent of a structural OpenAPI v3 schema (see the class comment). */
    static ObjectNode toJsonSchema(JsonNode openApi) {
        ObjectNode schema = openApi.deepCopy();
        // The API server accepts these at the root whether the CRD's schema declares them or not (fabric8-generated
        // CRDs such as Flink's do not).
        if (schema.get("properties") instanceof ObjectNode root) {
            if (!root.has("apiVersion")) {
                root.putObject("apiVersion").put("type", "string");
            }
            if (!root.has("kind")) {
                root.putObject("kind").put("type", "string");
            }
            if (!root.has("metadata")) {
                root.putObject("metadata").put("type", "object");
            }
        }
        convert(schema);
        schema.put("$schema", "http://json-schema.org/draft-07/schema#");
        return schema;
    }

    private static void convert(ObjectNode schema) {
        if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
            schema.remove("type");
            ArrayNode anyOf = schema.putArray("anyOf");
            anyOf.addObject().put("type", "integer");
            anyOf.addObject().put("type", "string");
        }
        boolean preserveUnknown = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        if (schema.path("type").asText().equals("object") && schema.has("properties")
                && !schema.has("additionalProperties") && !preserveUnknown) {
            schema.put("additionalProperties", false);
        }
        if (schema.path("nullable").asBoolean(false) && schema.path("type").isTextual()) {
            ArrayNode types = JsonNodeFactory.instance.arrayNode().add(schema.path("type").asText()).add("null");
            schema.set("type", types);
        }
        // Extensions the JSON schema validator does not know (CelRules reads the validations from the original).
        for (Iterator<String> names = schema.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (name.startsWith("x-kubernetes-") || name.equals("nullable")) {
                names.remove();
            }
        }
        for (String child : List.of("items", "additionalProperties", "not")) {
            if (schema.get(child) instanceof ObjectNode object) {
                convert(object);
            }
        }
        for (String container : List.of("properties", "patternProperties")) {
            if (schema.get(container) instanceof ObjectNode properties) {
                properties.properties().forEach(e -> {
                    if (e.getValue() instanceof ObjectNode object) {
                        convert(object);
                    }
                });
            }
        }
        for (String combinator : List.of("oneOf", "anyOf", "allOf")) {
            if (schema.get(combinator) instanceof ArrayNode alternatives) {
                alternatives.forEach(a -> {
                    if (a instanceof ObjectNode object) {
                        convert(object);
                    }
                });
            }
        }
    }

    private static List<String> texts(ArrayNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }

    /** Summary of the loaded kinds and versions, for reports. */
    public String describe() {
        return servedVersionsByKind.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }
}
