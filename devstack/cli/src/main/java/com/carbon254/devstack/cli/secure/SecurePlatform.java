package com.carbon254.devstack.cli.secure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import org.apache.kafka.clients.admin.Admin;

import com.carbon254.devstack.EmbeddedStack;
import com.carbon254.devstack.Endpoints;
import com.carbon254.devstack.KafkaCredentials;
import com.carbon254.devstack.StackOptions;
import com.carbon254.devstack.StackSecrets;
import com.carbon254.devstack.cli.PlatformApplication;
import com.carbon254.devstack.cli.PlatformHome;
import com.carbon254.devstack.security.LocalTokenIssuer;
import com.carbon254.devstack.server.JavaCommand;
import com.carbon254.devstack.server.Ports;
import com.carbon254.devstack.server.ServerProcess;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code ./platform up --secure}: the platform as the rendered manifests deploy it, on a secured embedded stack. The
 * Kafka users and their ACLs, the setup Jobs (database roles, schema registration), the services' environment
 * (Deployment env, ConfigMap, Secrets, the JWT key as a mounted file) and the Flink job's arguments are read from
 * {@code deploy/target/manifests/}; what the cluster's operators and volumes provide, this class stands in for, and
 * nothing else is configured by hand.
 */
public final class SecurePlatform {

    /** The Secret of the JWT verification key the services mount (a file {@value #JWT_KEY}). */
    static final String JWT_SECRET = "carbon254-jwt";
    static final String JWT_KEY = "public-key.pem";
    /** Suffix of the Secrets with a service's PostgreSQL login (username, password). */
    static final String POSTGRES_SECRET_SUFFIX = "-postgres";
    /** The image group of the platform's own images (Deployments and Jobs run locally from their modules). */
    static final String IMAGE_GROUP = "/carbon254/";

    private final Path root;
    private final Path home;
    private final EmbeddedStack stack;
    private final RenderedManifests manifests;
    private final StackSecrets secrets;
    private final Consumer<String> progress;
    private final PodEnvironment environment;
    /** Local {@code host:port} by cluster Service name: the stack's servers, then the services and Flink clusters. */
    private final Map<String, String> addresses;

    private SecurePlatform(Path root, Path home, EmbeddedStack stack, Consumer<String> progress) {
        this.root = root;
        this.home = home;
        this.stack = stack;
        this.manifests = RenderedManifests.read(root.resolve(RenderedManifests.FOLDER));
        this.secrets = new StackSecrets(home);
        this.progress = progress;
        this.addresses = new java.util.concurrent.ConcurrentHashMap<>(addresses(stack.endpoints()));
        this.environment = new PodEnvironment(manifests, secrets, addresses);
    }

    /** What was started: processes (in start order), endpoints for endpoints.env, client files for the operator. */
    public record Started(List<ServerProcess> processes, Map<String, String> endpoints) {
    }

    /**
     * Sets the secured stack up as the manifests say, then starts every service and the Flink job; a process that
     * started is in {@code started} even when a later step fails (so the caller stops it).
     */
    public static Started start(Path root, Path home, EmbeddedStack stack, Consumer<String> progress,
                                List<ServerProcess> started) throws Exception {
        return new SecurePlatform(root, home, stack, progress).start(started);
    }

    private Started start(List<ServerProcess> started) throws Exception {
        provideSecrets();
        try (Admin admin = stack.admin()) {
            List<String> users = KafkaUsers.apply(admin, manifests, secrets);
            progress.accept("Kafka users with the ACLs of their KafkaUser: " + String.join(", ", users));
        }
        for (JsonNode job : manifests.all("Job")) {
            runJob(job);
        }
        Map<String, String> endpoints = new java.util.concurrent.ConcurrentHashMap<>();
        List<CompletableFuture<Void>> ready = new ArrayList<>();
        List<JsonNode> services = new ArrayList<>();
        for (JsonNode deployment : manifests.all("Deployment")) {
            String image = RenderedManifests.container(deployment).path("image").asText();
            if (!image.contains(IMAGE_GROUP)) {
                progress.accept(RenderedManifests.name(deployment) + ": stood in by the embedded stack");
                continue;
            }
            services.add(deployment);
        }
        // Every service's address first: one service's environment names another's Service (the console's).
        Map<JsonNode, Integer> ports = new java.util.IdentityHashMap<>();
        for (JsonNode deployment : services) {
            int port = Ports.choose(RenderedManifests.name(deployment), application(deployment).port(), false, progress);
            ports.put(deployment, port);
            addresses.put(RenderedManifests.name(deployment), "127.0.0.1:" + port);
        }
        List<CompletableFuture<Void>> flinkClusters = new ArrayList<>();
        for (JsonNode flink : manifests.all("FlinkDeployment")) {
            String name = RenderedManifests.name(flink);
            String key = name.toUpperCase(java.util.Locale.ROOT).replace('-', '_') + "_FLINK_URL";
            flinkClusters.add(FlinkJobs.start(root, home, flink, environment, progress, started).thenAccept(url -> {
                endpoints.put(key, url);
                // The Flink operator's REST Service of the deployment: <name>-rest
                addresses.put(name + "-rest", url.replaceFirst("^https?://", "").replaceFirst("/.*", ""));
            }));
        }
        ready.addAll(flinkClusters);
        CompletableFuture<Void> flinkRunning = CompletableFuture.allOf(flinkClusters.toArray(CompletableFuture[]::new));
        for (JsonNode deployment : services) {
            int port = ports.get(deployment);
            ready.add(environment.resolvable(deployment)
                    ? startService(deployment, port, endpoints, started)
                    : flinkRunning.thenCompose(running -> startService(deployment, port, endpoints, started)));
        }
        for (CompletableFuture<Void> each : ready) {
            each.join();
        }
        Map<String, String> all = new java.util.TreeMap<>(endpoints);
        all.putAll(clientEndpoints());
        return new Started(started, all);
    }

    /** The Secrets an operator creates before applying the manifests, with generated (and kept) passwords. */
    private void provideSecrets() {
        LocalTokenIssuer issuer = LocalTokenIssuer.inFolder(home.resolve("jwt"));
        try {
            secrets.put(JWT_SECRET, JWT_KEY, Files.readString(issuer.publicKeyFile()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        secrets.put(StackOptions.POSTGRES_ADMIN_SECRET, "username", stack.endpoints().postgresUser());
        for (JsonNode workload : workloads()) {
            for (JsonNode variable : RenderedManifests.container(workload).path("env")) {
                String secret = variable.path("valueFrom").path("secretKeyRef").path("name").asText("");
                if (secret.endsWith(POSTGRES_SECRET_SUFFIX) && !secret.equals(StackOptions.POSTGRES_ADMIN_SECRET)) {
                    String service = secret.substring(0, secret.length() - POSTGRES_SECRET_SUFFIX.length());
                    secrets.put(secret, "username", service.replace('-', '_'));
                    secrets.password(secret, "password");
                }
            }
        }
    }

    private List<JsonNode> workloads() {
        List<JsonNode> workloads = new ArrayList<>(manifests.all("Job"));
        workloads.addAll(manifests.all("Deployment"));
        return workloads;
    }

    /** A setup Job of the platform's own image, run to completion as its container would run. */
    private void runJob(JsonNode job) {
        String name = RenderedManifests.name(job);
        JsonNode container = RenderedManifests.container(job);
        Path jar = moduleJar(container.path("image").asText());
        List<String> args = new ArrayList<>();
        container.path("args").forEach(a -> args.add(environment.local(a.asText())));
        Map<String, String> env = environment.of(job);
        // The image's entry point: java -jar platform-setup.jar <args>.
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", jar.toString()));
        command.addAll(localValues(args, env));
        progress.accept("job " + name + ": " + String.join(" ", args));
        ServerProcess.runToCompletion("job-" + name, command, home, Duration.ofMinutes(3), env);
    }

    /** The job arguments with the container's {@code $(VAR)} references expanded, as Kubernetes does. */
    private static List<String> localValues(List<String> args, Map<String, String> env) {
        List<String> expanded = new ArrayList<>();
        for (String arg : args) {
            String value = arg;
            for (Map.Entry<String, String> variable : env.entrySet()) {
                value = value.replace("$(" + variable.getKey() + ")", variable.getValue());
            }
            expanded.add(value);
        }
        return expanded;
    }

    private Path moduleJar(String image) {
        String module = imageName(image);
        Path jar = root.resolve(module).resolve("target").resolve(module + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("Image " + image + " has no local build at " + jar);
        }
        return jar;
    }

    static String imageName(String image) {
        String last = image.substring(image.lastIndexOf('/') + 1);
        return last.contains(":") ? last.substring(0, last.indexOf(':')) : last;
    }

    /** The platform application a Deployment runs (its image names the module). */
    private static PlatformApplication application(JsonNode deployment) {
        String module = imageName(RenderedManifests.container(deployment).path("image").asText());
        return PlatformApplication.ALL.stream().filter(a -> a.name().equals(module)).findFirst()
                .orElse(new PlatformApplication("services/" + module, module.toUpperCase().replace('-', '_') + "_URL", 0));
    }

    private CompletableFuture<Void> startService(JsonNode deployment, int port, Map<String, String> endpoints,
                                                 List<ServerProcess> started) {
        String name = RenderedManifests.name(deployment);
        PlatformApplication app = application(deployment);
        Path runner = app.runner(root);
        if (!Files.isRegularFile(runner)) {
            throw new IllegalStateException(name + " is not built (" + runner + ")");
        }
        String url = "http://127.0.0.1:" + port;
        endpoints.put(app.endpointKey(), url);
        Map<String, String> env = new LinkedHashMap<>(environment.of(deployment));
        // What the pod network gives a container: its own address and port.
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        progress.accept("starting " + name + " (prod profile, environment of its Deployment) ...");
        ServerProcess process = ServerProcess.start(name, JavaCommand.quarkusApplication(runner).heap("512m").build(),
                home, env);
        synchronized (started) {
            started.add(process);
        }
        return CompletableFuture.runAsync(() -> {
            process.awaitProbe("/q/health/ready", () -> PlatformHome.httpOk(url + "/q/health/ready"),
                    Duration.ofMinutes(3));
            progress.accept(name + " ready");
        });
    }

    /** Local addresses of the cluster Services the embedded servers stand in for. */
    static Map<String, String> addresses(Endpoints endpoints) {
        Map<String, String> addresses = new LinkedHashMap<>();
        addresses.put("carbon254-kafka-bootstrap", endpoints.kafkaBootstrapServers());
        addresses.put("apicurio-registry", endpoints.registryUrl().replaceFirst("^https?://", "").replaceFirst("/.*", ""));
        addresses.put("carbon254-postgres", endpoints.postgresHost() + ":" + endpoints.postgresPort());
        addresses.put("opensearch", endpoints.searchHostAndPort());
        return addresses;
    }

    /** What a client needs for the secured broker: the operator's login, for Java clients and for kcat. */
    private Map<String, String> clientEndpoints() throws IOException {
        KafkaCredentials operator = stack.options().kafkaOperator();
        StringBuilder java = new StringBuilder("# The operator's login to the secured broker (a super user), for Java "
                + "clients: --command-config of the Kafka tools, or a client's properties.\n");
        operator.clientProperties().forEach((k, v) -> java.append(k).append('=').append(v).append('\n'));
        Path javaFile = home.resolve("kafka-operator.properties");
        PlatformHome.writePrivate(javaFile, java.toString());
        Path kcatFile = home.resolve("kcat.conf");
        PlatformHome.writePrivate(kcatFile, "# kcat -F " + kcatFile + " -b $KAFKA_BOOTSTRAP_SERVERS -L\nsecurity.protocol="
                + KafkaCredentials.PROTOCOL + "\nsasl.mechanisms=" + KafkaCredentials.MECHANISM + "\nsasl.username="
                + operator.username() + "\nsasl.password=" + operator.password() + "\n");
        Map<String, String> endpoints = new LinkedHashMap<>();
        endpoints.put("KAFKA_SECURITY_PROTOCOL", KafkaCredentials.PROTOCOL);
        endpoints.put("KAFKA_SASL_MECHANISM", KafkaCredentials.MECHANISM);
        endpoints.put("KAFKA_OPERATOR_PROPERTIES", javaFile.toString());
        endpoints.put("KAFKA_OPERATOR_KCAT_CONFIG", kcatFile.toString());
        endpoints.put("SECRETS_DIR", secrets.secret("").toString());
        return endpoints;
    }
}
