package com.carbon254.console.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.carbon254.devstack.Component;
import com.carbon254.devstack.EmbeddedStack;
import com.carbon254.devstack.server.JavaCommand;
import com.carbon254.devstack.server.Ports;
import com.carbon254.devstack.server.ServerProcess;
import com.carbon254.devstack.testing.SharedStack;
import com.carbon254.devstack.testing.TestTokens;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * What the console reads through, for real: the embedded servers (once per test JVM), the platform's services from
 * their built jars (event-gateway, dataset-command, projector, query-api) and the Flink aggregator job on its local
 * MiniCluster with its REST API, each in a JVM of its own on free ports, all accepting {@link TestTokens}. The console
 * under test gets their URLs. Everything stops with the test JVM (the supervised processes exit with it).
 */
public class PlatformServicesResource implements QuarkusTestResourceLifecycleManager {

    static final Path ROOT = Path.of(System.getProperty("platform.root", "../..")).toAbsolutePath().normalize();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final List<ServerProcess> PROCESSES = new ArrayList<>();

    /** Base URLs of the started services by endpoint key (GATEWAY_URL, COMMAND_URL …, FLINK_AGGREGATOR_REST_URL). */
    public static final Map<String, String> URLS = new LinkedHashMap<>();

    private record Service(String name, String key) {
    }

    private static final List<Service> SERVICES = List.of(new Service("event-gateway", "GATEWAY_URL"),
            new Service("dataset-command", "COMMAND_URL"), new Service("projector", "PROJECTOR_URL"),
            new Service("query-api", "QUERY_URL"));

    @Override
    public synchronized Map<String, String> start() {
        EmbeddedStack stack = SharedStack.get(EnumSet.allOf(Component.class));
        Map<String, String> serviceConfig = new LinkedHashMap<>(stack.endpoints().asQuarkusConfig());
        serviceConfig.putAll(TestTokens.quarkusConfig());
        if (URLS.isEmpty()) {
            startAll(stack, serviceConfig);
        }
        Map<String, String> config = new LinkedHashMap<>(serviceConfig);
        config.put("carbon254.console.query-url", URLS.get("QUERY_URL"));
        config.put("carbon254.console.projector-url", URLS.get("PROJECTOR_URL"));
        config.put("carbon254.console.services.event-gateway", URLS.get("GATEWAY_URL"));
        config.put("carbon254.console.services.dataset-command", URLS.get("COMMAND_URL"));
        config.put("carbon254.console.flink-jobs.flink-aggregator", URLS.get("FLINK_AGGREGATOR_REST_URL"));
        config.put("carbon254.console.refresh-interval", "2s");
        return config;
    }

    private static void startAll(EmbeddedStack stack, Map<String, String> serviceConfig) {
        Path home = stack.options().home();
        List<CompletableFuture<Void>> ready = new ArrayList<>();
        for (Service service : SERVICES) {
            Path runner = ROOT.resolve("services").resolve(service.name()).resolve("target/quarkus-app/quarkus-run.jar");
            require(runner, service.name());
            String url = "http://127.0.0.1:" + Ports.free();
            URLS.put(service.key(), url);
            JavaCommand java = JavaCommand.quarkusApplication(runner).heap("256m").quickStart(true)
                    .systemProperty("quarkus.http.host", "127.0.0.1")
                    .systemProperty("quarkus.http.port", URI.create(url).getPort() + "");
            serviceConfig.forEach(java::systemProperty);
            ServerProcess process = ServerProcess.start(service.name(), java.build(), home, Map.of());
            PROCESSES.add(process);
            ready.add(CompletableFuture.runAsync(() -> process.awaitProbe("/q/health/ready",
                    () -> ok(url + "/q/health/ready"), Duration.ofMinutes(4))));
        }
        int flinkRest = Ports.free();
        URLS.put("FLINK_AGGREGATOR_REST_URL", "http://127.0.0.1:" + flinkRest);
        Path aggregator = ROOT.resolve("flink-aggregator");
        require(aggregator.resolve("target/aggregator.classpath"), "flink-aggregator");
        try {
            JavaCommand job = JavaCommand.main("com.carbon254.flink.aggregator.AggregatorJob")
                    .classpath(Arrays.asList(Files.readString(aggregator.resolve("target/aggregator.classpath")).trim()
                            .split(":")))
                    .jvmOptions(Arrays.asList(Files.readString(aggregator.resolve("target/aggregator.jvm-options"))
                            .trim().split("\\s+")))
                    .heap("384m")
                    .args("--local", "true", "--parallelism", "1",
                            "--bootstrap-servers", stack.endpoints().kafkaBootstrapServers(),
                            "--registry-url", stack.endpoints().registryUrl(),
                            "--checkpoint-dir", home.resolve("flink-checkpoints").toUri().toString(),
                            "--checkpoint-interval", "2 s", "--idleness", "2 s", "--out-of-orderness", "1 s",
                            "--flink.rest.bind-address", "127.0.0.1", "--flink.rest.bind-port", flinkRest + "");
            ServerProcess process = ServerProcess.start("flink-aggregator", job.build(), home, Map.of());
            PROCESSES.add(process);
            ready.add(CompletableFuture.runAsync(() -> process.awaitLine(
                    java.util.regex.Pattern.compile("^AGGREGATOR_RUNNING (\\S+)"), Duration.ofMinutes(4))));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        ready.forEach(CompletableFuture::join);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> PROCESSES.reversed().forEach(ServerProcess::close),
                "platform-services-stop"));
    }

    private static void require(Path built, String module) {
        if (!Files.isRegularFile(built)) {
            throw new IllegalStateException(module + " is not built (" + built + "): run the console's tests in a "
                    + "reactor build, e.g. ./mvnw -pl services/console -am verify");
        }
    }

    private static boolean ok(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public void stop() {
        // The services outlive a single Quarkus application: they serve every test of this JVM.
    }
}
