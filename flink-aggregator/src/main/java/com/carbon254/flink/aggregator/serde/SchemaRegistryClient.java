package com.carbon254.flink.aggregator.serde;

import org.apache.avro.Schema;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A small, read-only client of the schema registry, usable inside Flink operators (it is serializable; its HTTP
 * client and caches are created where it runs).
 *
 * <p>It speaks either Apicurio Registry's native v3 API (a URL ending in {@code /apis/registry/v3}) or the
 * Confluent-compatible API (a URL containing {@code /ccompat/}, or any Confluent Schema Registry). Ids are the ones
 * framed into record values: the Apicurio content id, which is also the ccompat schema id.
 *
 * <p>It never registers anything: the schemas are registered by the platform's provisioning, and the job only looks
 * up the ids of what is already there.
 */
public final class SchemaRegistryClient implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Group of every platform subject in Apicurio (the group the ccompat API and the serdes use). */
    public static final String GROUP = "default";

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** How long an id the registry did not know stays "unknown" before it is asked again. */
    private static final long UNKNOWN_ID_RETRY_MS = 30_000;

    private final String baseUrl;
    private final boolean confluentApi;

    private transient HttpClient http;
    private transient ObjectMapper json;
    private transient Map<Integer, Schema> schemas;
    private transient Map<Integer, Long> unknownIds;

    private SchemaRegistryClient(String baseUrl) {
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        this.confluentApi = !this.baseUrl.endsWith("/apis/registry/v3");
    }

    /**
     * @param url Apicurio's v3 API base ({@code http://host:port/apis/registry/v3}) or a Confluent-compatible base
     *            ({@code http://host:port/apis/ccompat/v7})
     */
    public static SchemaRegistryClient forUrl(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("registry URL is missing");
        }
        return new SchemaRegistryClient(url.trim());
    }

    public String url() {
        return baseUrl;
    }

    /**
     * The schema with this id, or empty if the registry has none with it.
     *
     * @throws IOException if the registry cannot be reached or answers with an error (the caller should retry, not
     *                     conclude the id is unknown)
     */
    public Optional<Schema> schemaById(int id) throws IOException {
        init();
        Schema cached = schemas.get(id);
        if (cached != null) {
            return Optional.of(cached);
        }
        Long unknownSince = unknownIds.get(id);
        if (unknownSince != null && System.currentTimeMillis() - unknownSince < UNKNOWN_ID_RETRY_MS) {
            return Optional.empty();
        }
        String path = confluentApi ? "/schemas/ids/" + id : "/ids/contentIds/" + id;
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
        if (response.statusCode() == 404) {
            unknownIds.put(id, System.currentTimeMillis());
            return Optional.empty();
        }
        requireSuccess(response, "read schema " + id);
        String content = confluentApi ? json.readTree(response.body()).path("schema").asText() : response.body();
        Schema schema;
        try {
            schema = new Schema.Parser().parse(content);
        } catch (RuntimeException e) {
            // Not an Avro schema (e.g. a JSON schema registered under that id): nothing to decode with.
            unknownIds.put(id, System.currentTimeMillis());
            return Optional.empty();
        }
        schemas.put(id, schema);
        unknownIds.remove(id);
        return Optional.of(schema);
    }

    /**
     * The id of {@code schema} as registered under {@code subject} (compared canonically, so formatting and
     * documentation order do not matter).
     *
     * @throws SchemaNotRegisteredException if no version of the subject has this schema
     * @throws IOException                  if the registry cannot be reached or answers with an error
     */
    public int registeredId(String subject, Schema schema) throws IOException {
        init();
        if (confluentApi) {
            String body = json.createObjectNode().put("schema", schema.toString()).put("schemaType", "AVRO").toString();
            HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(baseUrl + "/subjects/"
                            + encode(subject) + "?normalize=true"))
                    .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)));
            if (response.statusCode() == 404) {
                throw new SchemaNotRegisteredException(subject, baseUrl);
            }
            requireSuccess(response, "look up the schema of " + subject);
            return json.readTree(response.body()).path("id").asInt();
        }
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(baseUrl + "/search/versions?groupId="
                        + encode(GROUP) + "&artifactId=" + encode(subject) + "&canonical=true&artifactType=AVRO"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(schema.toString())));
        requireSuccess(response, "look up the schema of " + subject);
        JsonNode best = null;
        for (JsonNode version : json.readTree(response.body()).path("versions")) {
            if (best == null || version.path("globalId").asLong() > best.path("globalId").asLong()) {
                best = version;
            }
        }
        if (best == null) {
            throw new SchemaNotRegisteredException(subject, baseUrl);
        }
        int id = best.path("contentId").asInt();
        schemas.putIfAbsent(id, schema);
        return id;
    }

    private void init() {
        if (http == null) {
            http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
            json = new ObjectMapper();
            schemas = new ConcurrentHashMap<>();
            unknownIds = new ConcurrentHashMap<>();
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
        try {
            return http.send(request.timeout(TIMEOUT).header("Accept", "application/json").build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while calling the registry at " + baseUrl, e);
        } catch (IOException e) {
            throw new IOException("registry at " + baseUrl + " unreachable: " + e, e);
        }
    }

    private static void requireSuccess(HttpResponse<String> response, String what) throws IOException {
        if (response.statusCode() / 100 != 2) {
            throw new IOException("registry could not " + what + ": HTTP " + response.statusCode() + " "
                    + response.body());
        }
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8);
    }

    /** The job's schema is not (or no longer) registered under the subject: a deployment error, not a retry case. */
    public static final class SchemaNotRegisteredException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        public SchemaNotRegisteredException(String subject, String registry) {
            super("The schema this job writes is not registered under subject '" + subject + "' in the registry at "
                    + registry + ". The job never registers schemas: register it through the platform's provisioning"
                    + " (./platform up) or the schema pipeline first.");
        }
    }
}
