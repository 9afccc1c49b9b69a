package com.carbon254.events.catalog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

/**
 * Writes {@link AsyncApiDocument} as YAML: {@code AsyncApiWriter <version> <file>...}. The build runs it after
 * compiling the contracts, into {@code target/asyncapi.yaml} and into the jar ({@value #RESOURCE}), where the operator
 * console serves it from. Needs jackson-dataformat-yaml on the class path (an optional dependency of this module: only
 * the build and the console use it).
 */
public final class AsyncApiWriter {

    /** Where the document is in this module's jar. */
    public static final String RESOURCE = "META-INF/carbon254/asyncapi.yaml";

    private AsyncApiWriter() {
    }

    /** The document as YAML text. */
    public static String yaml(String version) throws IOException {
        ObjectMapper yaml = new ObjectMapper(YAMLFactory.builder()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .disable(YAMLGenerator.Feature.SPLIT_LINES)
                // "1" stays the string "1" (Avro defaults, versions): a bare 1 would read back as a number.
                .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                .build());
        return "# Generated from the topic catalog and the Avro contracts by " + AsyncApiWriter.class.getName()
                + ": do not edit.\n" + yaml.writeValueAsString(AsyncApiDocument.build(version));
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: AsyncApiWriter <version> <file>...");
        }
        String text = yaml(args[0]);
        for (int i = 1; i < args.length; i++) {
            Path file = Path.of(args[i]);
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, text);
            System.out.println("AsyncAPI document written to " + file);
        }
    }
}
