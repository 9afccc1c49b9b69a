package com.carbon254.devstack;

import com.carbon254.setup.ProvisioningReport;
import com.carbon254.setup.registry.SchemaRegistrar;
import com.carbon254.devstack.provision.TopicProvisioner;
import com.carbon254.devstack.server.ApicurioRegistry;
import com.carbon254.devstack.server.KafkaCluster;
import com.carbon254.devstack.server.Parallel;
import com.carbon254.devstack.server.Ports;
import com.carbon254.devstack.server.PostgresServer;
import com.carbon254.devstack.server.RestartableServer;
import com.carbon254.devstack.server.SearchNode;
import com.carbon254.devstack.server.ServerProcess;
import com.carbon254.events.catalog.TopicCatalog;
import org.apache.kafka.clients.admin.Admin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The embedded platform backbone: real Kafka, Apicurio Registry, PostgreSQL and a search node, each in a
 * supervised JVM of its own, started in parallel, then provisioned from the topic catalog.
 *
 * <p>Each server can be crashed ({@link #kill}, SIGKILL) and started again ({@link #restart}) on the ports and data
 * folder of its first start, so the addresses of {@link #endpoints()} stay valid: faults as a machine has them.
 *
 * <p>Used by {@code ./platform up} (data kept under {@code .platform/}) and by every module's tests through
 * {@code EmbeddedStackResource} of devstack-testing (fresh data, free ports).
 */
public final class EmbeddedStack implements AutoCloseable {

    /** How often a server is started on newly picked ports when it exits before it is ready. */
    private static final int PORT_ATTEMPTS = 3;

    private final StackOptions options;
    private final List<AutoCloseable> started = new ArrayList<>();
    private KafkaCluster kafka;
    private ApicurioRegistry registry;
    private PostgresServer postgres;
    private SearchNode search;
    private final ProvisioningReport provisioning = new ProvisioningReport();

    private EmbeddedStack(StackOptions options) {
        this.options = options;
    }

    /** Starts the requested servers and provisions topics and schemas; on any failure stops what started. */
    public static EmbeddedStack start(StackOptions options) {
        EmbeddedStack stack = new EmbeddedStack(options);
        try {
            stack.startServers();
            if (options.provision()) {
                stack.provision();
            }
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private void startServers() {
        Path home = options.home().toAbsolutePath();
        Path data = home.resolve("data");
        if (options.fresh()) {
            deleteRecursively(data);
        }
        List<CompletableFuture<Void>> starts = new ArrayList<>();
        if (options.has(Component.KAFKA)) {
            List<KafkaCluster.Node> nodes = new ArrayList<>();
            for (int i = 0; i < options.brokers(); i++) {
                // A single broker keeps the data folder "kafka"; three have their own, so neither reads the other's.
                String name = KafkaCluster.nodeName(i, options.brokers());
                nodes.add(new KafkaCluster.Node(name, data.resolve(name), port(name, 0), port(name + "-controller", 0)));
            }
            starts.add(async("kafka", () -> kafka = track(KafkaCluster.start(nodes, home, options.minInsyncReplicas(),
                    options.quickStartJvm(), options.kafkaOperator()))));
        }
        if (options.has(Component.REGISTRY)) {
            starts.add(async("registry", () -> registry = track(onPorts(List.of("registry", "registry-management"),
                    ports -> ApicurioRegistry.start(data.resolve("registry"), home, ports.get(0), ports.get(1),
                            options.quickStartJvm())))));
        }
        if (options.has(Component.POSTGRES)) {
            starts.add(async("postgres", () -> postgres = track(onPorts(List.of("postgres"),
                    ports -> PostgresServer.start(data.resolve("postgres"), home, ports.get(0),
                            options.postgresAdminPassword())))));
        }
        if (options.has(Component.SEARCH)) {
            starts.add(async("search", () -> search = track(onPorts(List.of("search", "search-transport"),
                    ports -> SearchNode.start(data.resolve("search"), home, ports.get(0), ports.get(1),
                            options.quickStartJvm())))));
        }
        List<String> failures = Parallel.failures(starts);
        if (!failures.isEmpty()) {
            throw new IllegalStateException("The embedded stack did not start:\n - " + String.join("\n - ", failures));
        }
    }

    /**
     * Starts a server on ports chosen now. A port the OS picked is free when picked, but another process (an outgoing
     * connection's ephemeral port, say, while the other servers start) can take it before the server binds it; the
     * server then exits before it is ready, and is started again on newly picked ports. Ports the caller named are
     * never changed behind its back.
     */
    private <T> T onPorts(List<String> names, Function<List<Integer>, T> start) {
        boolean picked = names.stream().allMatch(name -> options.ports().getOrDefault(name, 0) <= 0);
        for (int attempt = 1; ; attempt++) {
            List<Integer> ports = names.stream().map(name -> port(name, 0)).toList();
            try {
                return start.apply(ports);
            } catch (ServerProcess.ExitedEarly e) {
                if (!picked || attempt == PORT_ATTEMPTS) {
                    throw e;
                }
                options.progress().accept(names.get(0) + " exited before it was ready on ports " + ports
                        + "; starting it again on new ones");
            }
        }
    }

    private int port(String name, int fallback) {
        int preferred = options.ports().getOrDefault(name, fallback);
        return Ports.choose(name, preferred, options.failOnTakenPort(), options.progress());
    }

    private CompletableFuture<Void> async(String name, Runnable start) {
        return Parallel.run("devstack-start-" + name, () -> {
            long begin = System.nanoTime();
            options.progress().accept("starting " + name + " ...");
            start.run();
            options.progress().accept(name + " ready in " + (System.nanoTime() - begin) / 1_000_000 + " ms");
        });
    }

    private synchronized <T extends AutoCloseable> T track(T server) {
        started.add(server);
        return server;
    }

    private void provision() {
        if (kafka != null) {
            options.progress().accept("provisioning topics ...");
            try (Admin admin = admin()) {
                provisioning.merge(new TopicProvisioner(admin, options.replicationFactor(), options.minInsyncReplicas())
                        .provision(Stream.concat(TopicCatalog.allTopicsWithDeadLetters().stream(),
                                TopicCatalog.restoreTopics().stream()).toList()));
            }
        }
        if (registry != null && !options.secure()) {
            // A secured stack is set up as a cluster is: by the registration Job of the rendered manifests.
            options.progress().accept("registering schemas ...");
            provisioning.merge(new SchemaRegistrar(registry.v3Url()).provision(TopicCatalog.topics()));
        }
        options.progress().accept("provisioned: " + provisioning.summary());
    }

    /** An admin client for the broker (the caller closes it). */
    public Admin admin() {
        return Admin.create(kafka().clientProperties());
    }

    public Endpoints endpoints() {
        return new Endpoints(
                kafka == null ? null : kafka.bootstrapServers(),
                registry == null ? null : registry.v3Url(),
                registry == null ? null : registry.ccompatUrl(),
                postgres == null ? null : "127.0.0.1",
                postgres == null ? null : postgres.port(),
                PostgresServer.DATABASE,
                PostgresServer.USER,
                options.secure() ? options.postgresAdminPassword() : PostgresServer.PASSWORD,
                search == null ? null : search.url());
    }

    public ProvisioningReport provisioning() {
        return provisioning;
    }

    public StackOptions options() {
        return options;
    }

    /** The running server processes, by component (Kafka's first broker for Kafka); current after restarts. */
    public Map<Component, ServerProcess> processes() {
        Map<Component, ServerProcess> processes = new EnumMap<>(Component.class);
        if (kafka != null) processes.put(Component.KAFKA, kafka.broker(0).process());
        if (registry != null) processes.put(Component.REGISTRY, registry.process());
        if (postgres != null) processes.put(Component.POSTGRES, postgres.process());
        if (search != null) processes.put(Component.SEARCH, search.process());
        return processes;
    }

    /** The Kafka brokers' current processes, by index; empty without Kafka. */
    public List<ServerProcess> brokerProcesses() {
        return kafka == null ? List.of() : kafka.processes();
    }

    /** How many Kafka brokers run (0 without Kafka). */
    public int brokerCount() {
        return kafka == null ? 0 : kafka.size();
    }

    /** SIGKILL of a server, as a crash (Kafka: its broker 0); returns once it is gone. */
    public void kill(Component component) {
        server(component).kill();
    }

    /** SIGKILL of Kafka broker {@code index} (from 0), as a crash; returns once it is gone. */
    public void killBroker(int index) {
        kafka().broker(index).kill();
    }

    /**
     * Starts a server again (Kafka: its broker 0) on the ports and data folder of its first start, killing it first
     * if it still runs, and waits until it is ready as at the first start.
     */
    public void restart(Component component) {
        server(component).restart();
    }

    /** Starts Kafka broker {@code index} (from 0) again, as {@link #restart(Component)} does. */
    public void restartBroker(int index) {
        kafka().broker(index).restart();
    }

    private RestartableServer server(Component component) {
        RestartableServer server = switch (component) {
            case KAFKA -> kafka == null ? null : kafka.broker(0);
            case REGISTRY -> registry;
            case POSTGRES -> postgres;
            case SEARCH -> search;
        };
        if (server == null) {
            throw new IllegalStateException(component.id() + " is not part of this stack");
        }
        return server;
    }

    private KafkaCluster kafka() {
        if (kafka == null) {
            throw new IllegalStateException("Kafka is not part of this stack");
        }
        return kafka;
    }

    /** Stops every server that started, in reverse order of start, in parallel where independent. */
    @Override
    public synchronized void close() {
        List<AutoCloseable> toStop = new ArrayList<>(started);
        started.clear();
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        for (AutoCloseable server : toStop) {
            stops.add(CompletableFuture.runAsync(() -> {
                try {
                    server.close();
                } catch (Exception e) {
                    System.err.println("devstack: could not stop " + server + ": " + e.getMessage());
                }
            }));
        }
        stops.forEach(CompletableFuture::join);
    }

    /** Deletes a data directory and everything in it (no-op when absent). */
    public static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new IllegalStateException("Cannot delete " + path, e);
                }
            });
        } catch (IOException e) {
            throw new IllegalStateException("Cannot delete " + dir, e);
        }
    }

}
