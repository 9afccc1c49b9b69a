package com.carbon254.events.runtime.serde;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.apache.kafka.common.errors.SerializationException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The schemas records were written with, by the id in their framing, fetched from the registry's Confluent-compatible
 * API ({@code GET /schemas/ids/{id}}) and kept: an id never changes its schema. The same API serves the ids that
 * Apicurio's serdes write (content ids) and the ids Confluent clients got when they registered through it, so one
 * lookup covers both. Schema references are resolved through {@code /subjects/{subject}/versions/{version}}.
 *
 * <p>Fetches block (a Kafka deserializer runs on the consumer's polling thread, never on an event loop), with
 * timeouts.
 */
final class WriterSchemas {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String ccompatUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<Integer, Schema> byId = new ConcurrentHashMap<>();

    /** @param ccompatUrl base URL of the Confluent-compatible API, e.g. {@code http://host:8081/apis/ccompat/v7} */
    WriterSchemas(String ccompatUrl) {
        this.ccompatUrl = ccompatUrl.replaceAll("/+$", "");
    }

    /**
     * The Avro schema registered under that id.
     *
     * @throws SerializationException if the registry does not know the id, the schema is not Avro, or the registry
     *                                cannot be reached
     */
    Schema byId(int id) {
        Schema cached = byId.get(id);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = get("/schemas/ids/" + id, "schema id " + id);
        String type = answer.path("schemaType").asText("AVRO");
        if (!"AVRO".equals(type)) {
            throw new SerializationException("Schema id " + id + " is a " + type + " schema, not Avro");
        }
        Schema schema = parse(answer, "schema id " + id);
        byId.put(id, schema);
        return schema;
    }

    private Schema parse(JsonNode answer, String what) {
        Schema.Parser parser = new Schema.Parser();
        for (JsonNode reference : referencesOf(answer)) {
            String subject = reference.path("subject").asText();
            String version = reference.path("version").asText();
            JsonNode referenced = get("/subjects/" + URLEncoder.encode(subject, StandardCharsets.UTF_8) + "/versions/"
                    + version, "reference " + subject + " v" + version + " of " + what);
            // A referenced schema may itself refer to others: they are parsed (and named) first.
            for (JsonNode nested : referencesOf(referenced)) {
                parser.parse(get("/subjects/" + URLEncoder.encode(nested.path("subject").asText(), StandardCharsets.UTF_8)
                        + "/versions/" + nested.path("version").asText(), "nested reference of " + what)
                        .path("schema").asText());
            }
            parser.parse(referenced.path("schema").asText());
        }
        try {
            return parser.parse(answer.path("schema").asText());
        } catch (SchemaParseException e) {
            throw new SerializationException("The registry's " + what + " is not a valid Avro schema: "
                    + e.getMessage(), e);
        }
    }

    private static List<JsonNode> referencesOf(JsonNode answer) {
        List<JsonNode> references = new ArrayList<>();
        answer.path("references").forEach(references::add);
        return references;
    }

    private JsonNode get(String path, String what) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(ccompatUrl + path)).timeout(TIMEOUT)
                .header("Accept", "application/json").GET().build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new SerializationException("Cannot fetch " + what + " from the registry at " + ccompatUrl + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SerializationException("Interrupted while fetching " + what, e);
        }
        if (response.statusCode() == 404) {
            throw new SerializationException("The registry at " + ccompatUrl + " knows no " + what);
        }
        if (response.statusCode() / 100 != 2) {
            throw new SerializationException("The registry refused to give " + what + ": HTTP " + response.statusCode()
                    + " " + response.body());
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new SerializationException("The registry answered " + what + " with something that is not JSON", e);
        }
    }
}
