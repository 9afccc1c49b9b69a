package com.carbon254.devstack.provision;

import com.carbon254.events.catalog.TopicDefinition;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Registers every topic's value schema in Apicurio Registry (native v3 API) and puts the registry's
 * governance in place: a global VALIDITY rule (FULL) and a global COMPATIBILITY rule
 * ({@value #COMPATIBILITY}), so that an incompatible change is refused by the registry itself, whoever
 * submits it (this registrar, a serializer with auto-registration, or a Confluent-style client).
 *
 * <p>Subjects follow the topic-name strategy: artifact {@code <topic>-value} in group {@code default}, which
 * is also the subject Confluent-compatible clients see under {@code /apis/ccompat/v7}.
 */
public final class SchemaRegistrar {

    /** The compatibility rule of every subject: consumers on a new schema read every older event. */
    public static final String COMPATIBILITY = "BACKWARD_TRANSITIVE";
    /** Syntax and semantics of every schema are checked. */
    public static final String VALIDITY = "FULL";
    /** Artifact group of every subject (the group the Confluent-compatible API and the serdes use). */
    public static final String GROUP = "default";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String v3Url;

    /** @param v3Url base URL of the v3 API, e.g. {@code http://127.0.0.1:8081/apis/registry/v3} */
    public SchemaRegistrar(String v3Url) {
        this.v3Url = v3Url.replaceAll("/+$", "");
    }

    /** Sets the global rules, then registers the value schema of every topic that carries events. */
    public ProvisioningReport provision(Collection<TopicDefinition> topics) {
        ProvisioningReport report = new ProvisioningReport();
        ensureGlobalRule("VALIDITY", VALIDITY, report);
        ensureGlobalRule("COMPATIBILITY", COMPATIBILITY, report);
        for (TopicDefinition topic : topics) {
            if (!topic.eventTypes().isEmpty()) {
                register(topic.valueSubject(), topic.valueSchema().toString(), report);
            }
        }
        return report;
    }

    /**
     * Registers {@code schema} under {@code subject} unless the latest version already has this content.
     *
     * @throws SchemaRejectedException when a registry rule refuses it (for example an incompatible change)
     */
    public void register(String subject, String schema, ProvisioningReport report) {
        String before = latestVersion(subject);
        ObjectNode body = JSON.createObjectNode();
        body.put("artifactId", subject);
        body.put("artifactType", "AVRO");
        ObjectNode content = body.putObject("firstVersion").putObject("content");
        content.put("content", schema);
        content.put("contentType", "application/json");
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/groups/" + GROUP
                        + "/artifacts?ifExists=FIND_OR_CREATE_VERSION"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
        if (response.statusCode() == 409 || response.statusCode() == 400 || response.statusCode() == 422) {
            throw new SchemaRejectedException(subject, problemDetail(response.body()));
        }
        requireSuccess(response, "register " + subject);
        String version = field(response.body(), "version", "version");
        if (before == null) {
            report.add(subject, ProvisioningReport.Action.CREATED, "version " + version);
        } else if (before.equals(version)) {
            report.add(subject, ProvisioningReport.Action.UNCHANGED, "version " + version);
        } else {
            report.add(subject, ProvisioningReport.Action.UPDATED, "version " + before + " -> " + version);
        }
    }

    /** The latest version of a subject, or null when it has none. */
    public String latestVersion(String subject) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/groups/" + GROUP + "/artifacts/"
                + encode(subject) + "/versions/branch=latest")).GET());
        if (response.statusCode() == 404) {
            return null;
        }
        requireSuccess(response, "read " + subject);
        return field(response.body(), "version");
    }

    /** The content of the latest version of a subject. */
    public String latestContent(String subject) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/groups/" + GROUP + "/artifacts/"
                + encode(subject) + "/versions/branch=latest/content")).GET());
        requireSuccess(response, "read content of " + subject);
        return response.body();
    }

    /** The global rules in force, by rule type. */
    public Map<String, String> globalRules() {
        Map<String, String> rules = new LinkedHashMap<>();
        for (String type : new String[] {"VALIDITY", "COMPATIBILITY", "INTEGRITY"}) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/admin/rules/" + type)).GET());
            if (response.statusCode() == 200) {
                rules.put(type, field(response.body(), "config"));
            }
        }
        return rules;
    }

    private void ensureGlobalRule(String type, String config, ProvisioningReport report) {
        HttpResponse<String> current = send(HttpRequest.newBuilder(uri("/admin/rules/" + type)).GET());
        ObjectNode rule = JSON.createObjectNode().put("ruleType", type).put("config", config);
        if (current.statusCode() == 404) {
            requireSuccess(send(HttpRequest.newBuilder(uri("/admin/rules"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(rule.toString()))), "create global rule " + type);
            report.add("global rule " + type, ProvisioningReport.Action.CREATED, config);
            return;
        }
        requireSuccess(current, "read global rule " + type);
        String existing = field(current.body(), "config");
        if (config.equals(existing)) {
            report.add("global rule " + type, ProvisioningReport.Action.UNCHANGED, config);
        } else {
            requireSuccess(send(HttpRequest.newBuilder(uri("/admin/rules/" + type))
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(rule.toString()))), "update global rule " + type);
            report.add("global rule " + type, ProvisioningReport.Action.UPDATED, existing + " -> " + config);
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("Registry at " + v3Url + " unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private URI uri(String path) {
        return URI.create(v3Url + path);
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8);
    }

    private static void requireSuccess(HttpResponse<String> response, String what) {
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("Registry refused to " + what + ": HTTP " + response.statusCode()
                    + " " + response.body());
        }
    }

    private static String field(String json, String... path) {
        try {
            JsonNode node = JSON.readTree(json);
            for (String name : path) {
                node = node.path(name);
            }
            return node.isMissingNode() || node.isNull() ? null : node.asText();
        } catch (IOException e) {
            throw new IllegalStateException("Unexpected registry answer: " + json, e);
        }
    }

    private static String problemDetail(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            StringBuilder detail = new StringBuilder(node.path("detail").asText(node.path("title").asText(body)));
            for (JsonNode cause : node.path("causes")) {
                detail.append("; ").append(cause.path("context").asText()).append(": ")
                        .append(cause.path("description").asText());
            }
            return detail.toString();
        } catch (IOException e) {
            return body;
        }
    }

    /** A registry rule refused a schema; the message is the registry's own explanation. */
    public static final class SchemaRejectedException extends RuntimeException {
        private final String subject;

        public SchemaRejectedException(String subject, String reason) {
            super("Schema for " + subject + " rejected by the registry: " + reason);
            this.subject = subject;
        }

        public String subject() {
            return subject;
        }
    }
}
