package com.carbon254.deploy.validation;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.DumperOptions;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/** Reads the rendered manifests: every YAML document of every {@code .yml}/{@code .yaml} file of a folder. */
public final class ManifestFiles {

    /** Duplicate keys are an error (YAML parsers differ on which one wins; kubectl refuses them). */
    public static final YAMLMapper YAML = YAMLMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    /**
     * Plain (unquoted) scalars that YAML 1.1 — what kubectl's YAML reader implements — reads as booleans, while
     * YAML 1.2 readers keep them as strings: such a value means different things to different tools.
     */
    private static final Set<String> YAML11_BOOLEANS = Set.of("y", "n", "yes", "no", "on", "off");

    private ManifestFiles() {
    }

    /** The manifest files of a folder, in name order. */
    public static List<Path> files(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().matches(".*\\.ya?ml")).sorted().toList();
        }
    }

    /** Every non-empty document of every manifest file of a folder. */
    public static List<Manifest> load(Path directory) throws IOException {
        List<Manifest> manifests = new ArrayList<>();
        for (Path file : files(directory)) {
            manifests.addAll(load(file, file.getFileName().toString()));
        }
        return manifests;
    }

    /** The non-empty documents of one file; each must be a mapping. */
    public static List<Manifest> load(Path file, String name) throws IOException {
        checkYaml11Booleans(file, name);
        List<Manifest> manifests = new ArrayList<>();
        try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            int index = 0;
            while (documents.hasNextValue()) {
                JsonNode document = documents.nextValue();
                if (document == null || document.isNull() || document.isMissingNode()) {
                    index++;
                    continue;
                }
                if (!(document instanceof ObjectNode object)) {
                    throw new IllegalArgumentException(name + "#" + index + " is not a mapping: " + document);
                }
                manifests.add(new Manifest(name, index++, object));
            }
        }
        return manifests;
    }

    private static void checkYaml11Booleans(Path file, String name) throws IOException {
        org.yaml.snakeyaml.Yaml yaml = new org.yaml.snakeyaml.Yaml(new LoaderOptions());
        try (Reader reader = Files.newBufferedReader(file)) {
            for (Node document : yaml.composeAll(reader)) {
                checkYaml11Booleans(document, name);
            }
        }
    }

    private static void checkYaml11Booleans(Node node, String name) {
        switch (node) {
            case ScalarNode scalar -> {
                if (scalar.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN
                        && YAML11_BOOLEANS.contains(scalar.getValue().toLowerCase(Locale.ROOT))) {
                    throw new IllegalArgumentException(name + " line " + (scalar.getStartMark().getLine() + 1)
                            + ": unquoted '" + scalar.getValue() + "' is a boolean to kubectl (YAML 1.1) but a"
                            + " string to YAML 1.2 readers: quote it");
                }
            }
            case MappingNode mapping -> {
                for (NodeTuple tuple : mapping.getValue()) {
                    checkYaml11Booleans(tuple.getKeyNode(), name);
                    checkYaml11Booleans(tuple.getValueNode(), name);
                }
            }
            case SequenceNode sequence -> sequence.getValue().forEach(n -> checkYaml11Booleans(n, name));
            default -> {
            }
        }
    }
}
