package com.carbon254.deploy.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One YAML document of a rendered manifest file.
 *
 * @param file  file name in the rendered folder
 * @param index position of the document in the file, from 0
 * @param node  the document
 */
public record Manifest(String file, int index, ObjectNode node) {

    public String apiVersion() {
        return node.path("apiVersion").asText("");
    }

    public String kind() {
        return node.path("kind").asText("");
    }

    public String name() {
        return node.path("metadata").path("name").asText("");
    }

    public String namespace() {
        return node.path("metadata").path("namespace").asText("");
    }

    /** The API group: empty for the core group ({@code v1}). */
    public String group() {
        String apiVersion = apiVersion();
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    public String version() {
        String apiVersion = apiVersion();
        return apiVersion.substring(apiVersion.indexOf('/') + 1);
    }

    public JsonNode spec() {
        return node.path("spec");
    }

    public JsonNode labels() {
        return node.path("metadata").path("labels");
    }

    @Override
    public String toString() {
        return file + "#" + index + " " + kind() + " " + (namespace().isEmpty() ? "" : namespace() + "/") + name();
    }
}
