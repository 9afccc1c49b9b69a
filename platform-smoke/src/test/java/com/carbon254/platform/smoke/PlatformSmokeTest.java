package com.carbon254.platform.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import com.carbon254.events.catalog.TopicCatalog;

/** {@code ./platform up} as a developer starts it: plain servers, the services configured by the launcher. */
class PlatformSmokeTest extends PlatformFlows {

    @BeforeAll
    static void up() throws Exception {
        platformUp();
    }

    @Test
    @Order(1)
    void devModeConfigurationAndOwnerOnlyTokensAreWritten() throws Exception {
        assertThat(Files.readString(home.resolve("dev.properties"))).contains("kafka.bootstrap.servers=");
        assertThat(Files.getPosixFilePermissions(home.resolve("tokens.env")))
                .as("bearer tokens are readable by their owner only")
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    /**
     * The operator console: its URL in endpoints.env, the overview naming every topic and the running Flink
     * jobs read through their MiniClusters' REST APIs, and the AsyncAPI document. Its pages are tested in a real browser
     * by the console module's own tests.
     */
    @Test
    @Order(3)
    void theConsoleShowsThePlatformAndServesTheAsyncApiDocument() throws Exception {
        String console = endpoints.get("CONSOLE_URL");
        assertThat(console).as("CONSOLE_URL in endpoints.env").isNotNull();
        assertThat(output).anyMatch(line -> line.contains("CONSOLE_URL=" + console));
        String admin = readEnv(home.resolve("tokens.env")).get("TOKEN_ADMIN");
        Awaitility.await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            HttpResponse<String> overview = HTTP.send(HttpRequest.newBuilder(URI.create(console + "/"))
                    .header("Authorization", "Bearer " + admin).header("Accept", "text/html").GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(overview.statusCode()).isEqualTo(200);
            TopicCatalog.topics().forEach(t -> assertThat(overview.body()).contains("data-topic=\"" + t.name() + "\""));
            for (String job : List.of("flink-aggregator", "flink-archive")) {
                assertThat(overview.body()).as(job).containsPattern(
                        "data-job=\"" + job + "\">\\s*<p><strong>" + job + "</strong> <span class=\"badge RUNNING");
            }
        });
        String asyncApi = get(console + "/asyncapi.yaml");
        assertThat(asyncApi).contains("asyncapi: 3.0.0");
        TopicCatalog.topics().forEach(t -> assertThat(asyncApi).contains("\n  " + t.name() + ":\n"));
    }

    /**
     * The trust boundaries at the edges, publish rules, the plain JSON
     * producer of the architecture document, bad input answered 400 with a problem body.
     */
    @Test
    @Order(4)
    void theEdgesRefuseWhatNobodyMayRecordAndReadWhatPlainProducersWrite() throws Exception {
        Map<String, String> tokens = readEnv(home.resolve("tokens.env"));
        String gateway = endpoints.get("GATEWAY_URL");
        String query = endpoints.get("QUERY_URL");
        String admin = tokens.get("TOKEN_ADMIN");

        // A producer's token cannot record an audit entry; even the admin cannot state a platform fact.
        HttpResponse<String> forged = post(gateway + "/events/AdminOperation", tokens.get("TOKEN_EVENTS_WRITER"), """
                {"source": "ops", "actor": "admin", "operation": "projection.rebuild", "target": "datasets",
                 "parameters": {}, "outcome": "SUCCESS"}""");
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.body()).contains("AUDIT_RECORDER");
        HttpResponse<String> lifecycle = post(gateway + "/events/DatasetCreated", admin, """
                {"source": "catalog", "datasetId": "d-1", "datasetVersion": 99, "name": "x", "owner": "o", "format": "f",
                 "location": "l", "status": "ACTIVE", "createdBy": "mallory", "columns": []}""");
        assertThat(lifecycle.statusCode()).isEqualTo(403);
        assertThat(lifecycle.body()).contains("PLATFORM");

        // The Node.js producer's ServiceHealth event exactly as the architecture document writes it (no source,
        // eventType or version), produced straight to Kafka: it shows in /services.
        String service = "node-" + System.nanoTime();
        String nodeEvent = "{\"eventId\":\"" + UUID.randomUUID() + "\",\"timestamp\":" + System.currentTimeMillis()
                + ",\"serviceName\":\"" + service + "\",\"namespace\":\"prod\",\"healthStatus\":\"HEALTHY\","
                + "\"latencyMs\":12,\"errorRate\":0,\"message\":null}";
        try (var producer = new KafkaProducer<String, String>(Map.of(
                "bootstrap.servers", endpoints.get("KAFKA_BOOTSTRAP_SERVERS"), "compression.type", "lz4",
                "key.serializer", StringSerializer.class.getName(),
                "value.serializer", StringSerializer.class.getName()))) {
            producer.send(new ProducerRecord<>("system-health", service, nodeEvent))
                    .get(30, TimeUnit.SECONDS);
        }
        awaitJson(admin, query + "/services?namespace=prod", Duration.ofSeconds(60),
                body -> body.toString().contains(service) ? body : null);

        // Bad input: a 400 with a problem body, not a 500.
        for (String url : List.of(query + "/audit?actor=a%00b",
                query + "/datasets/d-1?asOf=-999999999-01-01T00:00:00Z")) {
            HttpResponse<String> refused = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Authorization", "Bearer " + admin).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).as(url).isEqualTo(400);
            assertThat(refused.headers().firstValue("Content-Type")).as(url).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
        }
    }
}
