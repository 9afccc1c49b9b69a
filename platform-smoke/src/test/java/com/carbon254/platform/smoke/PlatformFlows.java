package com.carbon254.platform.smoke;

import com.carbon254.devstack.security.LocalToken;
import com.carbon254.events.catalog.TopicCatalog;
import com.carbon254.events.catalog.TopicDefinition;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs {@code ./platform up} exactly as a newcomer would (in its own state folder, so a developer's running
 * platform is not touched), then checks what it promises through {@code endpoints.env}, runs the user flows through
 * the HTTP APIs and stops it with {@code ./platform down}. Subclasses choose how it is started
 * ({@link PlatformSmokeTest}: as is; {@link SecurePlatformSmokeTest}: {@code --secure}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class PlatformFlows {

    static final Path ROOT = Path.of(System.getProperty("platform.root", "..")).toAbsolutePath().normalize();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();

    static Path home;
    static Process platform;
    static final List<String> output = new ArrayList<>();
    static Map<String, String> endpoints;
    static List<Long> serverPids;

    /** Starts {@code ./platform up} with {@code options} in a fresh state folder and waits for its ready line. */
    static void platformUp(String... options) throws Exception {
        home = Files.createTempDirectory("platform-smoke-");
        output.clear();
        List<String> verb = new ArrayList<>(List.of("up"));
        verb.addAll(List.of(options));
        ProcessBuilder up = platformCommand(verb.toArray(String[]::new));
        up.redirectErrorStream(true);
        platform = up.start();
        CompletableFuture<Boolean> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(platform.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    System.out.println("[platform] " + line);
                    synchronized (output) {
                        output.add(line);
                    }
                    if (line.contains("platform ready in")) {
                        ready.complete(true);
                    }
                }
            } catch (IOException e) {
                // The process ended.
            }
            ready.complete(false);
        });
        reader.setDaemon(true);
        reader.start();
        assertThat(ready.get(6, TimeUnit.MINUTES)).as("platform reached ready; output:\n%s", String.join("\n", output)).isTrue();
        // The table is printed right after the ready line; endpoints.env is written before it.
        endpoints = readEnv(home.resolve("endpoints.env"));
        serverPids = new ArrayList<>();
        try (var files = Files.list(home.resolve("pids"))) {
            for (Path file : files.toList()) {
                serverPids.add(Long.parseLong(Files.readString(file).trim()));
            }
        }
    }

    /** Kafka client properties that reach this platform's broker as its operator (none for a plain broker). */
    Map<String, Object> kafkaClient() throws IOException {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.get("KAFKA_BOOTSTRAP_SERVERS"));
        String operator = endpoints.get("KAFKA_OPERATOR_PROPERTIES");
        if (operator != null) {
            properties.putAll(readEnv(Path.of(operator)));
        }
        return properties;
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (platform != null && platform.isAlive()) {
            platform.destroyForcibly();
        }
        if (home != null) {
            try (var paths = Files.walk(home)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    @Order(1)
    void serversTopicsSchemasAndServicesAreUp() throws Exception {
        assertThat(endpoints).containsKeys("KAFKA_BOOTSTRAP_SERVERS", "REGISTRY_URL", "REGISTRY_CCOMPAT_URL",
                "POSTGRES_JDBC_URL", "POSTGRES_USER", "POSTGRES_PASSWORD", "SEARCH_URL");

        try (Admin admin = Admin.create(kafkaClient())) {
            List<TopicDefinition> planned = TopicCatalog.allTopicsWithDeadLetters();
            Map<String, TopicDescription> topics = admin.describeTopics(planned.stream().map(TopicDefinition::name).toList())
                    .allTopicNames().get(30, TimeUnit.SECONDS);
            planned.forEach(t -> assertThat(topics.get(t.name()).partitions()).as(t.name()).hasSize(t.partitions()));
        }
        for (TopicDefinition topic : TopicCatalog.topics()) {
            assertThat(get(endpoints.get("REGISTRY_URL") + "/groups/default/artifacts/" + topic.valueSubject()
                    + "/versions/branch=latest/content")).contains("\"type\"");
            assertThat(JSON.readTree(get(endpoints.get("REGISTRY_CCOMPAT_URL") + "/subjects/" + topic.valueSubject()
                    + "/versions/latest")).path("id").asInt()).isPositive();
        }
        assertThat(JSON.readTree(get(endpoints.get("SEARCH_URL") + "/_cluster/health")).path("status").asText())
                .isIn("green", "yellow");
        for (Map.Entry<String, String> service : endpoints.entrySet()) {
            if (service.getKey().endsWith("_FLINK_URL")
                    || service.getKey().startsWith("FLINK_") && service.getKey().endsWith("_REST_URL")) {
                // A Flink session cluster (--secure) or a job's local MiniCluster: its job runs.
                assertThat(JSON.readTree(get(service.getValue() + "/jobs/overview")).path("jobs").toString())
                        .as(service.getKey()).contains("\"state\":\"RUNNING\"");
            } else if (service.getKey().endsWith("_URL") && service.getValue().startsWith("http://127.0.0.1")
                    && !service.getKey().startsWith("REGISTRY") && !service.getKey().startsWith("SEARCH")) {
                assertThat(get(service.getValue() + "/q/health/ready")).as(service.getKey()).contains("UP");
            }
        }
    }

    /**
     * The issues' "done when" flows, through the HTTP APIs only, as a user would run them: ingestion events and
     * data-quality check results with timestamps in a past window come back as one aggregated window each; health, lineage, audit and dead-letter views
     * answer with data sent through the gateway; writes without a token are refused.
     */
    @Test
    @Order(2)
    void eventsSentThroughTheGatewayShowUpInTheReadModels() throws Exception {
        Map<String, String> tokens = readEnv(home.resolve("tokens.env"));
        assertThat(tokens).containsKeys("TOKEN_EVENTS_WRITER", "TOKEN_DATASETS_WRITER", "TOKEN_DATASETS_READER",
                "TOKEN_AUDIT_WRITER", "TOKEN_ADMIN");
        String writer = tokens.get("TOKEN_EVENTS_WRITER");
        String admin = tokens.get("TOKEN_ADMIN");
        String gateway = endpoints.get("GATEWAY_URL");
        String query = endpoints.get("QUERY_URL");

        // Security: no token, no write.
        assertThat(post(gateway + "/events/ServiceHealth", null, "{}").statusCode()).isEqualTo(401);

        // Flink: 7 ingestion events in the 5-minute window that ended at least 2 minutes ago, then one event "now"
        // for the same dataset (same partition) that moves the watermark past that window's end.
        String dataset = "smoke.orders." + System.nanoTime();
        Instant windowStart = Instant.ofEpochSecond((Instant.now().minus(Duration.ofMinutes(7)).getEpochSecond() / 300) * 300);
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < 7; i++) {
            batch.append(i == 0 ? "" : ",").append(ingestion(dataset, windowStart.plusSeconds(20L * i + 5),
                    i == 6 ? "FAILURE" : "SUCCESS", "source-" + (i % 3)));
        }
        batch.append("]");
        assertThat(post(gateway + "/events/DataIngestion/batch", writer, batch.toString()).statusCode()).isEqualTo(202);
        assertThat(post(gateway + "/events/DataIngestion", writer, ingestion(dataset, Instant.now(), "SUCCESS", "source-0"))
                .statusCode()).isEqualTo(202);
        String statsUrl = query + "/ingestion-stats/" + dataset + "?from=" + windowStart.minus(Duration.ofHours(1))
                + "&to=" + windowStart.plus(Duration.ofMinutes(5));
        JsonNode window = awaitJson(admin, statsUrl, Duration.ofMinutes(3),
                body -> body.path("windows").size() == 1 ? body.path("windows").get(0) : null);
        assertThat(Instant.parse(window.path("windowStart").asText())).isEqualTo(windowStart);
        assertThat(window.path("eventCount").asLong()).isEqualTo(7);
        assertThat(window.path("totalRecordCount").asLong()).isEqualTo(7 * 100);
        assertThat(window.path("successCount").asLong()).isEqualTo(6);
        assertThat(window.path("failureCount").asLong()).isEqualTo(1);
        assertThat(window.path("distinctSources").asInt()).isEqualTo(3);

        // Data quality: four check results (three passed, one failed) in the same past window, one "now" that moves
        // the watermark; the window's pass rate comes back from the query API.
        StringBuilder checks = new StringBuilder("[");
        for (int i = 0; i < 4; i++) {
            checks.append(i == 0 ? "" : ",").append(qualityCheck(dataset, windowStart.plusSeconds(30L * i + 5),
                    "check-" + i, i != 3));
        }
        checks.append("]");
        assertThat(post(gateway + "/events/DataQuality/batch", writer, checks.toString()).statusCode()).isEqualTo(202);
        assertThat(post(gateway + "/events/DataQuality", writer, qualityCheck(dataset, Instant.now(), "check-0", true))
                .statusCode()).isEqualTo(202);
        JsonNode quality = awaitJson(admin, query + "/quality/" + dataset + "?from=" + windowStart.minus(Duration.ofHours(1))
                + "&to=" + windowStart.plus(Duration.ofMinutes(5)), Duration.ofMinutes(3),
                body -> body.path("windows").size() == 1 ? body.path("windows").get(0) : null);
        assertThat(quality.path("checks").asLong()).isEqualTo(4);
        assertThat(quality.path("passed").asLong()).isEqualTo(3);
        assertThat(quality.path("passRate").asDouble()).isEqualTo(0.75);
        assertThat(quality.path("criticalFailures").asLong()).isEqualTo(1);
        assertThat(quality.path("failedChecks").toString()).isEqualTo("[\"check-3\"]");
        // The topic browse decodes those check results from the topic, by key, from a point in time.
        JsonNode browsed = awaitJson(admin, query + "/events?topic=data-quality&key=" + dataset + "&from="
                + windowStart.minus(Duration.ofMinutes(1)) + "&limit=10", Duration.ofSeconds(30),
                body -> body.path("events").size() == 5 ? body : null);
        assertThat(browsed.path("events").get(0).path("eventType").asText()).isEqualTo("DataQuality");
        assertThat(browsed.path("events").get(0).path("event").path("datasetName").asText()).isEqualTo(dataset);

        // Service health and its timeline.
        String service = "smoke-service-" + System.nanoTime();
        for (String status : List.of("HEALTHY", "DEGRADED")) {
            assertThat(post(gateway + "/events/ServiceHealth", writer, """
                    {"source": "smoke", "serviceName": "%s", "namespace": "smoke", "healthStatus": "%s",
                     "latencyMs": 12, "errorRate": 0.01}""".formatted(service, status)).statusCode()).isEqualTo(202);
        }
        awaitJson(admin, query + "/services?namespace=smoke&status=DEGRADED", Duration.ofSeconds(60),
                body -> contains(body, "serviceName", service) ? body : null);
        awaitJson(admin, query + "/services/" + service + "/timeline?namespace=smoke", Duration.ofSeconds(60),
                body -> body.toString().contains("DEGRADED") ? body : null);

        // Lineage: raw -> staged -> mart, asked from the mart upstream.
        String raw = dataset + ".raw", staged = dataset + ".staged", mart = dataset + ".mart";
        for (String[] edge : List.of(new String[] {raw, staged}, new String[] {staged, mart})) {
            assertThat(post(gateway + "/events/DataLineage", writer, """
                    {"source": "smoke", "sourceDataset": "%s", "targetDataset": "%s", "operation": "ADD",
                     "jobName": "smoke-etl", "metadata": {}}""".formatted(edge[0], edge[1])).statusCode()).isEqualTo(202);
        }
        awaitJson(admin, query + "/lineage/" + mart + "?direction=upstream&depth=5", Duration.ofSeconds(60),
                body -> body.toString().contains(raw) ? body : null);

        // Audit: the calls above were audited (ApiCall events, actor = the token's subject, action = method and route
        // template, e.g. "POST /events/{eventType}"; the query API filters actor and action exactly), and the chain
        // verifies.
        awaitJson(admin, query + "/audit?actor=" + LocalToken.EVENTS_WRITER.subject(), Duration.ofSeconds(60),
                body -> java.util.stream.StreamSupport.stream(body.path("items").spliterator(), false)
                        .anyMatch(entry -> entry.path("eventType").asText().equals("ApiCall")
                                && entry.path("action").asText().startsWith("POST /events/")) ? body : null);
        JsonNode verify = awaitJson(admin, query + "/audit/verify", Duration.ofSeconds(30), body -> body);
        assertThat(verify.path("valid").asBoolean()).as(verify.toString()).isTrue();

        // A dataset through the command side, readable through the query side once projected (read-your-writes).
        String datasetsWriter = tokens.get("TOKEN_DATASETS_WRITER");
        HttpResponse<String> created = post(endpoints.get("COMMAND_URL") + "/datasets", datasetsWriter, """
                {"name": "%s", "owner": "smoke", "format": "parquet", "location": "s3://lake/smoke",
                 "tags": ["smoke"], "columns": [{"name": "id", "type": "string", "nullable": false}]}"""
                .formatted(dataset + ".catalog"));
        assertThat(created.statusCode()).isEqualTo(201);
        String datasetId = JSON.readTree(created.body()).path("id").asText();
        JsonNode projected = awaitJson(tokens.get("TOKEN_DATASETS_READER"), query + "/datasets/" + datasetId
                + "?minVersion=1", Duration.ofSeconds(60), body -> body);
        assertThat(projected.path("name").asText()).isEqualTo(dataset + ".catalog");
        // Reading it is data access: audited with the reader as actor ("who accessed what").
        awaitJson(admin, query + "/audit?type=DataAccess&dataset=" + dataset + ".catalog", Duration.ofSeconds(60),
                body -> java.util.stream.StreamSupport.stream(body.path("items").spliterator(), false)
                        .anyMatch(entry -> entry.path("actor").asText().equals(LocalToken.DATASETS_READER.subject()))
                        ? body : null);

        // A JSON record a producer wrote straight to Kafka that does not fit its schema: dead-lettered, browsable.
        Map<String, Object> producerConfig = new LinkedHashMap<>(kafkaClient());
        producerConfig.put("key.serializer", org.apache.kafka.common.serialization.StringSerializer.class.getName());
        producerConfig.put("value.serializer", org.apache.kafka.common.serialization.StringSerializer.class.getName());
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, String>(producerConfig)) {
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>("data-lineage", mart,
                    "{\"not\": \"a lineage event " + dataset + "\"}")).get(30, TimeUnit.SECONDS);
        }
        awaitJson(admin, query + "/dead-letters?topic=data-lineage", Duration.ofSeconds(60),
                body -> body.toString().contains(dataset) ? body : null);
    }

    @Test
    @Order(9)
    void statusAndDown() throws Exception {
        assertThat(run("status")).as("./platform status exit code").isZero();

        assertThat(run("down")).isZero();
        assertThat(platform.waitFor(2, TimeUnit.MINUTES)).as("./platform up returned after down").isTrue();
        for (long pid : serverPids) {
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("process %d left behind", pid).isFalse();
        }
        assertThat(home.resolve("endpoints.env")).doesNotExist();
        assertThat(run("status")).as("status after down").isNotZero();
    }

    static ProcessBuilder platformCommand(String... verb) {
        List<String> command = new ArrayList<>(List.of("bash", ROOT.resolve("platform").toString()));
        command.addAll(List.of(verb));
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile());
        builder.environment().put("PLATFORM_HOME", home.toString());
        // The reactor has just built every module; the smoke test must not start a nested build.
        builder.environment().put("PLATFORM_SKIP_BUILD", "1");
        return builder;
    }

    static int run(String verb) throws Exception {
        Process process = platformCommand(verb).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        System.out.println("[platform " + verb + "] " + out);
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();
        return process.exitValue();
    }

    static Map<String, String> readEnv(Path file) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            int eq = line.indexOf('=');
            if (!line.startsWith("#") && eq > 0) {
                env.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return env;
    }

    static String ingestion(String dataset, Instant at, String status, String source) {
        return """
                {"source": "%s", "timestamp": "%s", "datasetName": "%s", "recordCount": 100, "sizeBytes": 4096,
                 "format": "parquet", "location": "s3://lake/smoke", "status": "%s", "metadata": {}}"""
                .formatted(source, at, dataset, status);
    }

    static String qualityCheck(String dataset, Instant at, String check, boolean passed) {
        return """
                {"source": "smoke", "timestamp": "%s", "datasetName": "%s", "checkName": "%s", "checkType": "not_null",
                 "passed": %s, "severity": "%s", "metadata": {}}"""
                .formatted(at, dataset, check, passed, passed ? "INFO" : "CRITICAL");
    }

    static boolean contains(JsonNode body, String field, String value) {
        for (JsonNode node : body.isArray() ? body : body.path("items")) {
            if (value.equals(node.path(field).asText())) {
                return true;
            }
        }
        return body.toString().contains("\"" + value + "\"");
    }

    static HttpResponse<String> post(String url, String token, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        System.out.println("[smoke] POST " + url + " -> " + response.statusCode() + " " + response.body());
        return response;
    }

    /** Polls a JSON GET until {@code accept} returns non-null (the read models are eventually consistent). */
    static JsonNode awaitJson(String token, String url, Duration atMost,
            java.util.function.Function<JsonNode, JsonNode> accept) {
        String[] last = {null};
        try {
            return Awaitility.await(url).atMost(atMost).pollInterval(Duration.ofMillis(500)).until(() -> {
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
                if (token != null) {
                    request.header("Authorization", "Bearer " + token);
                }
                HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
                last[0] = response.statusCode() + " " + response.body();
                return response.statusCode() == 200 ? accept.apply(JSON.readTree(response.body())) : null;
            }, java.util.Objects::nonNull);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("no acceptable answer from " + url + " within " + atMost + "; last: " + last[0], e);
        }
    }

    static String get(String url) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url).isEqualTo(200);
        return response.body();
    }
}
