package com.carbon254.deploy;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

/** Writes resources as a multi-document YAML stream, quoting only what YAML would otherwise read as another type. */
final class Yaml {

    private static final ObjectMapper MAPPER = new ObjectMapper(YAMLFactory.builder()
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .build());

    private Yaml() {
    }

    /** The documents as one YAML stream, each starting with {@code ---}, after a comment header. */
    static String documents(String header, List<?> documents) {
        StringWriter out = new StringWriter();
        for (String line : header.split("\n")) {
            out.append("# ").append(line).append('\n');
        }
        if (documents.isEmpty()) {
            return out.toString(); // a stream of no document: the header alone
        }
        try (SequenceWriter writer = MAPPER.writer().writeValues(out)) {
            for (Object document : documents) {
                writer.write(document);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
