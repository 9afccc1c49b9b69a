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
import org.junit.jupiter.api.BeforeAll;
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
import java.nio.file.attribute.PosixFilePermissions;
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
 * platform is not touched), then checks what it promises through {@code endpoints.env} and stops it with
 * {@code ./platform down}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlatformSmokeTest {

    private static final Path ROOT = Path.of(System.getProperty("platform.root", "..")).toAbsolutePath().normalize();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path home;
    private static Process platform;
    private static final List<String> output = new ArrayList<>();
    private static Map<String, String> endpoints;
    private static List<Long> serverPids;

    @BeforeAll
    static void platformUp() throws Exception {
        home = Files.createTempDirectory("platform-smoke-");
        ProcessBuilder up = platformCommand("up");
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
        assertThat(Files.readString(home.resolve("dev.properties"))).contains("kafka.bootstrap.servers=");

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.get("KAFKA_BOOTSTRAP_SERVERS")))) {
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
            if (service.getKey().endsWith("_URL") && service.getValue().startsWith("http://127.0.0.1")
                    && !service.getKey().startsWith("REGISTRY") && !service.getKey().startsWith("SEARCH")
                    && !service.getKey().startsWith("FLINK")) {
                assertThat(get(service.getValue() + "/q/health/ready")).as(service.getKey()).contains("UP");
            }
        }
    }

    /**
     * The issues' "done when" flows, through the HTTP APIs only, as a user would run them: ingestion events with
     * timestamps in a past window come back as one aggregated window; health, lineage, audit and dead-letter views
     * answer with data sent through the gateway; writes without a token are refused.
     */
    @Test
    @Order(2)
    void eventsSentThroughTheGatewayShowUpInTheReadModels() throws Exception {
        Map<String, String> tokens = readEnv(home.resolve("tokens.env"));
        assertThat(tokens).containsOnlyKeys("TOKEN_EVENTS_WRITER", "TOKEN_DATASETS_WRITER", "TOKEN_DATASETS_READER",
                "TOKEN_AUDIT_WRITER", "TOKEN_ADMIN");
        assertThat(Files.getPosixFilePermissions(home.resolve("tokens.env")))
                .as("bearer tokens are readable by their owner only")
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
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

        // A JSON record a producer wrote straight to Kafka that does not fit its schema: dead-lettered, browsable.
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, String>(Map.of(
                "bootstrap.servers", endpoints.get("KAFKA_BOOTSTRAP_SERVERS"),
                "key.serializer", org.apache.kafka.common.serialization.StringSerializer.class.getName(),
                "value.serializer", org.apache.kafka.common.serialization.StringSerializer.class.getName()))) {
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>("data-lineage", mart,
                    "{\"not\": \"a lineage event " + dataset + "\"}")).get(30, TimeUnit.SECONDS);
        }
        awaitJson(admin, query + "/dead-letters?topic=data-lineage", Duration.ofSeconds(60),
                body -> body.toString().contains(dataset) ? body : null);
    }

    /**
     * The operator console (issue 15): its URL in endpoints.env, the overview naming every topic and the running Flink
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
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
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
     * The trust boundaries at the edges, as issue "Trust boundaries" states them done: publish rules, the plain JSON
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
        String nodeEvent = "{\"eventId\":\"" + java.util.UUID.randomUUID() + "\",\"timestamp\":" + System.currentTimeMillis()
                + ",\"serviceName\":\"" + service + "\",\"namespace\":\"prod\",\"healthStatus\":\"HEALTHY\","
                + "\"latencyMs\":12,\"errorRate\":0,\"message\":null}";
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, String>(Map.of(
                "bootstrap.servers", endpoints.get("KAFKA_BOOTSTRAP_SERVERS"), "compression.type", "lz4",
                "key.serializer", org.apache.kafka.common.serialization.StringSerializer.class.getName(),
                "value.serializer", org.apache.kafka.common.serialization.StringSerializer.class.getName()))) {
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>("system-health", service, nodeEvent))
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

    @Test
    @Order(5)
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

    private static ProcessBuilder platformCommand(String verb) {
        ProcessBuilder builder = new ProcessBuilder("bash", ROOT.resolve("platform").toString(), verb).directory(ROOT.toFile());
        builder.environment().put("PLATFORM_HOME", home.toString());
        // The reactor has just built every module; the smoke test must not start a nested build.
        builder.environment().put("PLATFORM_SKIP_BUILD", "1");
        return builder;
    }

    private static int run(String verb) throws Exception {
        Process process = platformCommand(verb).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        System.out.println("[platform " + verb + "] " + out);
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();
        return process.exitValue();
    }

    private static Map<String, String> readEnv(Path file) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            int eq = line.indexOf('=');
            if (!line.startsWith("#") && eq > 0) {
                env.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return env;
    }

    private static String ingestion(String dataset, Instant at, String status, String source) {
        return """
                {"source": "%s", "timestamp": "%s", "datasetName": "%s", "recordCount": 100, "sizeBytes": 4096,
                 "format": "parquet", "location": "s3://lake/smoke", "status": "%s", "metadata": {}}"""
                .formatted(source, at, dataset, status);
    }

    private static boolean contains(JsonNode body, String field, String value) {
        for (JsonNode node : body.isArray() ? body : body.path("items")) {
            if (value.equals(node.path(field).asText())) {
                return true;
            }
        }
        return body.toString().contains("\"" + value + "\"");
    }

    private static HttpResponse<String> post(String url, String token, String json) throws Exception {
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
    private static JsonNode awaitJson(String token, String url, Duration atMost,
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

    private static String get(String url) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url).isEqualTo(200);
        return response.body();
    }
}
