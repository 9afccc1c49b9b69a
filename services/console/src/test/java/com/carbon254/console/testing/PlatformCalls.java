package com.carbon254.console.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.carbon254.devstack.Component;
import com.carbon254.devstack.testing.SharedStack;
import com.carbon254.devstack.testing.TestTokens;
import com.fasterxml.jackson.databind.ObjectMapper;

/** What an operator's colleagues do through the platform's APIs, so that the console has something to show. */
public final class PlatformCalls {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WRITER = TestTokens.forSubject("dataset-owner", "datasets:write", "datasets:read");
    private static final String PRODUCER = TestTokens.forSubject("ingestion-job", "events:write");

    private PlatformCalls() {
    }

    /** Creates a dataset through the command API; its id. */
    public static String createDataset(String name, String owner) throws Exception {
        String body = JSON.writeValueAsString(Map.of("name", name, "description", "Orders of the web shop " + name,
                "owner", owner, "format", "parquet", "location", "s3://lake/" + name, "tags", java.util.List.of("sales"),
                "columns", java.util.List.of(Map.of("name", "order_id", "type", "string", "nullable", false))));
        HttpResponse<String> created = send("POST", url("COMMAND_URL") + "/datasets", WRITER, body, null);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return JSON.readTree(created.body()).path("id").asText();
    }

    /** Changes a dataset's status (its version 2). */
    public static void deprecate(String id, String name, String owner) throws Exception {
        String body = JSON.writeValueAsString(Map.of("name", name, "owner", owner, "format", "parquet",
                "location", "s3://lake/" + name, "status", "DEPRECATED"));
        HttpResponse<String> updated = send("PUT", url("COMMAND_URL") + "/datasets/" + id, WRITER, body, "\"1\"");
        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
    }

    /** Publishes an event through the gateway. */
    public static void publish(String eventType, Map<String, Object> event) throws Exception {
        HttpResponse<String> accepted = send("POST", url("GATEWAY_URL") + "/events/" + eventType, PRODUCER,
                JSON.writeValueAsString(event), null);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    }

    /** A DataIngestion event of a dataset at an event time. */
    public static void ingest(String dataset, Instant at, long records) throws Exception {
        publish("DataIngestion", Map.of("source", "ingestion-job", "timestamp", at.toString(), "datasetName", dataset,
                "recordCount", records, "sizeBytes", records * 10, "format", "parquet", "location", "s3://lake/" + dataset,
                "status", "SUCCESS", "metadata", Map.of()));
    }

    public static void qualityCheck(String dataset, Instant at, String check, boolean passed) throws Exception {
        publish("DataQuality", Map.of("source", "quality-job", "timestamp", at.toString(), "datasetName", dataset,
                "checkName", check, "checkType", "not_null", "passed", passed, "severity", passed ? "INFO" : "CRITICAL",
                "metadata", Map.of()));
    }

    /** A record no consumer can read, written straight to a topic: its consumer dead-letters it. */
    public static void poison(String topic, String key) throws Exception {
        Map<String, Object> settings = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedStack.get(EnumSet.allOf(Component.class)).endpoints().kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(settings)) {
            producer.send(new ProducerRecord<>(topic, key, "not an event".getBytes(StandardCharsets.UTF_8)))
                    .get(30, TimeUnit.SECONDS);
        }
    }

    private static String url(String key) {
        return PlatformServicesResource.URLS.get(key);
    }

    private static HttpResponse<String> send(String method, String url, String token, String body, String ifMatch)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body));
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
