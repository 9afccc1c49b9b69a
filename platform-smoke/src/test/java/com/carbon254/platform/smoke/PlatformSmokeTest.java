package com.carbon254.platform.smoke;

import com.carbon254.events.catalog.TopicCatalog;
import com.carbon254.events.catalog.TopicDefinition;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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
    void upStatusAndDown() throws Exception {
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
                    && !service.getKey().startsWith("REGISTRY") && !service.getKey().startsWith("SEARCH")) {
                assertThat(get(service.getValue() + "/q/health/ready")).as(service.getKey()).contains("UP");
            }
        }

        // The printed tokens work: a write without one is refused, with TOKEN_EVENTS_WRITER it is accepted.
        Map<String, String> tokens = readEnv(home.resolve("tokens.env"));
        assertThat(tokens).containsOnlyKeys("TOKEN_EVENTS_WRITER", "TOKEN_DATASETS_WRITER", "TOKEN_DATASETS_READER",
                "TOKEN_ADMIN");
        String event = """
                {"source": "platform-smoke", "datasetName": "smoke.orders", "recordCount": 1, "sizeBytes": 1,
                 "format": "parquet", "location": "s3://lake/smoke/orders", "status": "SUCCESS"}""";
        assertThat(post(endpoints.get("GATEWAY_URL") + "/events/DataIngestion", event, null)).isEqualTo(401);
        assertThat(post(endpoints.get("GATEWAY_URL") + "/events/DataIngestion", event, tokens.get("TOKEN_EVENTS_WRITER")))
                .isEqualTo(202);

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

    private static int post(String url, String json, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url).isEqualTo(200);
        return response.body();
    }
}
