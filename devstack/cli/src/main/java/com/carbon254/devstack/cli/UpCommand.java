package com.carbon254.devstack.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import com.carbon254.devstack.Component;
import com.carbon254.devstack.EmbeddedStack;
import com.carbon254.devstack.StackOptions;
import com.carbon254.devstack.cli.secure.SecurePlatform;
import com.carbon254.devstack.security.LocalToken;
import com.carbon254.devstack.security.LocalTokenIssuer;
import com.carbon254.devstack.server.JavaCommand;
import com.carbon254.devstack.server.Ports;
import com.carbon254.devstack.server.ServerProcess;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ./platform up [--fresh] [--secure] [--brokers 3]}: starts the servers (data under the state folder),
 * provisions topics and schemas, starts every built application, writes {@code endpoints.env} and {@code tokens.env},
 * prints what runs where and stays in the foreground until Ctrl-C or {@code ./platform down}, then stops everything
 * it started.
 * {@code --secure} runs the rendered Kubernetes manifests instead ({@link SecurePlatform}); {@code --brokers 3} runs
 * Kafka as production does, on three brokers.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Start the whole platform and stay in the foreground (Ctrl-C or ./platform down stops it).")
final class UpCommand implements Callable<Integer> {

    /** Preferred ports of the servers; a taken port is replaced by a free one and reported. */
    static final Map<String, Integer> SERVER_PORTS = Map.ofEntries(
            Map.entry("kafka", 9092), Map.entry("kafka-controller", 9093),
            // Three brokers: the first where a single one listens, the next two on the following ports.
            Map.entry("kafka-1", 9092), Map.entry("kafka-1-controller", 9093),
            Map.entry("kafka-2", 9094), Map.entry("kafka-2-controller", 9095),
            Map.entry("kafka-3", 9096), Map.entry("kafka-3-controller", 9097),
            Map.entry("registry", 8081), Map.entry("registry-management", 8091),
            Map.entry("postgres", 5433),
            Map.entry("search", 9200), Map.entry("search-transport", 9300));

    /** Preferred port of the first Flink job's REST API (its local MiniCluster's); the next jobs take the next ones. */
    static final int FLINK_REST_PORT = 8087;

    private static final PrintStream OUT = System.out;

    @Option(names = "--fresh", description = "start with empty data (data otherwise persists across restarts)")
    boolean fresh;

    @Option(names = "--secure", description = "as the rendered Kubernetes manifests deploy it: SASL/SCRAM and ACLs, "
            + "database roles, the setup Jobs, the services' prod profile, a Flink session cluster")
    boolean secure;

    @Option(names = "--brokers", paramLabel = "N", defaultValue = "1", description = "Kafka brokers: 1 (default), or 3 "
            + "as in production: replication factor 3 and min.insync.replicas 2, so one broker may stop without "
            + "stopping ingestion (not with --secure)")
    int brokers;

    @Spec
    CommandSpec spec;

    private final List<ServerProcess> applications = new ArrayList<>();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private PlatformHome platform;
    private volatile EmbeddedStack stack;

    @Override
    public Integer call() throws Exception {
        platform = PlatformHome.fromEnvironment();
        StackOptions options;
        try {
            options = new StackOptions(platform.home(), EnumSet.allOf(Component.class), fresh, SERVER_PORTS, false,
                    false, true, secure, brokers, UpCommand::progress);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        Files.createDirectories(platform.home());
        var running = platform.launcher();
        if (running.isPresent()) {
            OUT.println("The platform is already running (pid " + running.get().pid() + "). Use ./platform down first.");
            return 1;
        }
        platform.sweepLeftovers();
        Files.writeString(platform.pidFile(), Long.toString(ProcessHandle.current().pid()));
        Files.deleteIfExists(platform.endpointsFile());
        long begin = System.nanoTime();
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "platform-stop"));

        try {
            stack = EmbeddedStack.start(options);
        } catch (RuntimeException e) {
            OUT.println("\nThe platform did not start: " + e.getMessage());
            return 1;
        }
        stack.provisioning().warnings().forEach(w -> OUT.println("  ! " + w));

        Map<String, String> endpoints = new LinkedHashMap<>(stack.endpoints().asEnv());
        Map<String, String> serviceConfig = new LinkedHashMap<>(stack.endpoints().asQuarkusConfig());
        // The local identity provider: a key kept in <state folder>/jwt/ across runs; services verify with its public key.
        LocalTokenIssuer tokenIssuer = LocalTokenIssuer.inFolder(platform.home().resolve("jwt"));
        serviceConfig.putAll(tokenIssuer.quarkusConfig());
        Map<String, String> tokens = LocalToken.issueAll(tokenIssuer);
        try {
            if (secure) {
                endpoints.putAll(SecurePlatform.start(platform.root(), platform.home(), stack, UpCommand::progress,
                        applications).endpoints());
                // No dev.properties: dev mode talks to a plain platform (its services take no SASL login from there).
                serviceConfig.clear();
            } else {
                startApplications(endpoints, serviceConfig);
            }
        } catch (Exception e) {
            OUT.println("\n" + (secure ? "The secured platform" : "An application") + " did not start: " + e.getMessage());
            return 1;
        }
        writeEndpoints(endpoints);
        if (!serviceConfig.isEmpty()) {
            writeDevConfig(serviceConfig);
        }
        writeTokens(tokens);
        printTable(endpoints, Duration.ofNanos(System.nanoTime() - begin));
        printTokens();
        List<ServerProcess> all = new ArrayList<>(stack.brokerProcesses());
        stack.processes().forEach((component, process) -> {
            if (component != Component.KAFKA) {
                all.add(process);
            }
        });
        all.addAll(applications);
        for (ServerProcess process : all) {
            process.onExit().thenRun(() -> {
                if (!stopping.get()) {
                    OUT.println("  ! " + process.name() + " exited unexpectedly; see " + process.logFile());
                }
            });
        }
        stopped.await();
        return 0;
    }

    private static void progress(String line) {
        OUT.println("  ▸ " + line);
    }

    /** Every built application of {@link PlatformApplication#ALL} and job of {@link PlatformJob#ALL}, configured by this launcher. */
    private void startApplications(Map<String, String> endpoints, Map<String, String> serviceConfig) throws IOException {
        // The REST API of each Flink job's MiniCluster (job state, checkpoints), which the console reads.
        Map<String, Integer> flinkRestPorts = new LinkedHashMap<>();
        for (PlatformJob job : PlatformJob.ALL) {
            int port = Ports.choose(job.name() + "-rest", FLINK_REST_PORT + flinkRestPorts.size(), false,
                    UpCommand::progress);
            flinkRestPorts.put(job.name(), port);
            endpoints.put(restUrlKey(job), "http://127.0.0.1:" + port);
        }
        List<CompletableFuture<Void>> starts = new ArrayList<>();
        for (PlatformApplication app : PlatformApplication.ALL) {
            if (!app.exists(platform.root())) {
                continue;
            }
            if (!Files.isRegularFile(app.runner(platform.root()))) {
                OUT.println("  ! " + app.name() + " is not built (" + app.runner(platform.root())
                        + "); run ./platform up again after a build");
                continue;
            }
            int port = Ports.choose(app.name(), app.port(), false, UpCommand::progress);
            String url = "http://127.0.0.1:" + port;
            endpoints.put(app.endpointKey(), url);
            JavaCommand java = JavaCommand.quarkusApplication(app.runner(platform.root()))
                    .heap("512m")
                    .systemProperty("quarkus.http.host", "127.0.0.1")
                    .systemProperty("quarkus.http.port", Integer.toString(port));
            serviceConfig.forEach(java::systemProperty);
            if (app.readsEndpoints()) {
                endpoints.forEach(java::systemProperty);
            }
            progress("starting " + app.name() + " ...");
            ServerProcess process = ServerProcess.start(app.name(), java.build(), platform.home(), Map.of());
            applications.add(process);
            starts.add(CompletableFuture.runAsync(() -> {
                process.awaitProbe("/q/health/ready", () -> PlatformHome.httpOk(url + "/q/health/ready"),
                        Duration.ofMinutes(3));
                progress(app.name() + " ready");
            }));
        }
        for (PlatformJob job : PlatformJob.ALL) {
            if (!job.exists(platform.root())) {
                continue;
            }
            if (!job.isBuilt(platform.root())) {
                OUT.println("  ! " + job.name() + " is not built (" + job.classpathFile()
                        + " missing); run ./platform up again after a build");
                continue;
            }
            java.nio.file.Path data = platform.home().resolve("data").resolve(job.name());
            JavaCommand java = JavaCommand.main(job.mainClass())
                    .classpath(job.classpath(platform.root()))
                    .jvmOptions(job.jvmOptions(platform.root()))
                    .args("--local", "true",
                            "--bootstrap-servers", stack.endpoints().kafkaBootstrapServers(),
                            "--registry-url", stack.endpoints().registryUrl(),
                            "--checkpoint-dir", data.resolve("checkpoints").toUri().toString(),
                            "--flink.rest.bind-address", "127.0.0.1",
                            "--flink.rest.bind-port", Integer.toString(flinkRestPorts.get(job.name())))
                    .args(job.args().apply(data).toArray(String[]::new));
            progress("starting " + job.name() + " (local Flink MiniCluster) ...");
            ServerProcess process = ServerProcess.start(job.name(), java.build(), platform.home(), Map.of());
            applications.add(process);
            starts.add(CompletableFuture.runAsync(() -> {
                String jobId = process.awaitLine(job.ready(), Duration.ofMinutes(3)).group(1);
                progress(job.name() + " running (Flink job " + jobId + ")");
            }));
        }
        starts.forEach(CompletableFuture::join);
    }

    /** The endpoint key of a job's REST API: {@code FLINK_AGGREGATOR_REST_URL} for {@code flink-aggregator}. */
    static String restUrlKey(PlatformJob job) {
        return job.name().toUpperCase(java.util.Locale.ROOT).replace('-', '_') + "_REST_URL";
    }

    /** The shutdown hook: stops what started, in reverse order, and removes the files of a running platform. */
    private void stop() {
        stopping.set(true);
        OUT.println("\nStopping the platform ...");
        synchronized (applications) {
            applications.reversed().forEach(ServerProcess::close);
        }
        if (stack != null) {
            stack.close();
        }
        try {
            Files.deleteIfExists(platform.endpointsFile());
            Files.deleteIfExists(platform.devConfigFile());
            Files.deleteIfExists(platform.pidFile());
        } catch (IOException e) {
            // Nothing more to clean.
        }
        OUT.println("Stopped.");
        stopped.countDown();
    }

    private void printTable(Map<String, String> endpoints, Duration took) {
        OUT.println();
        OUT.printf("254Carbon platform ready in %.1f s  (Ctrl-C or ./platform down to stop)%n", took.toMillis() / 1000.0);
        OUT.printf("%-16s %-8s %-50s %s%n", "COMPONENT", "PID", "ENDPOINT", "LOG");
        stack.processes().forEach((component, process) -> {
            if (component == Component.KAFKA) {
                // One line per broker, with its own address of the bootstrap servers.
                String[] addresses = endpointOf(component, endpoints).split(",");
                List<ServerProcess> brokerProcesses = stack.brokerProcesses();
                for (int i = 0; i < brokerProcesses.size(); i++) {
                    ServerProcess broker = brokerProcesses.get(i);
                    OUT.printf("%-16s %-8d %-50s %s%n", broker.name(), broker.pid(), addresses[i],
                            platform.display(broker.logFile()));
                }
            } else {
                OUT.printf("%-16s %-8d %-50s %s%n", component.id(), process.pid(), endpointOf(component, endpoints),
                        platform.display(process.logFile()));
            }
        });
        for (ServerProcess app : applications) {
            String key = PlatformApplication.ALL.stream().filter(a -> a.name().equals(app.name()))
                    .map(PlatformApplication::endpointKey).findFirst().orElse("");
            String jobCluster = endpoints.entrySet().stream().filter(e -> e.getKey().endsWith("_FLINK_URL")
                    && app.name().endsWith("-jobmanager")).map(Map.Entry::getValue).findFirst().orElse("");
            OUT.printf("%-16s %-8d %-50s %s%n", app.name(), app.pid(), endpoints.getOrDefault(key,
                    app.name().endsWith("-taskmanager") ? "" : jobCluster.isEmpty() ? "(local Flink MiniCluster)" : jobCluster),
                    platform.display(app.logFile()));
        }
        OUT.println();
        OUT.println("Endpoints: " + platform.display(platform.endpointsFile()) + " (load them into a shell: set -a; . "
                + platform.display(platform.endpointsFile()) + "; set +a)");
        endpoints.forEach((key, value) -> OUT.println("  " + key + "=" + value));
        OUT.flush();
    }

    private static String endpointOf(Component component, Map<String, String> endpoints) {
        return switch (component) {
            case KAFKA -> endpoints.get("KAFKA_BOOTSTRAP_SERVERS");
            case REGISTRY -> endpoints.get("REGISTRY_URL");
            case POSTGRES -> endpoints.get("POSTGRES_JDBC_URL");
            case SEARCH -> endpoints.get("SEARCH_URL");
        };
    }

    /** The endpoints, owner-only: they name the database administrator's password (and, secured, the operator's login). */
    private void writeEndpoints(Map<String, String> endpoints) throws IOException {
        StringBuilder env = new StringBuilder("# Written by ./platform up; removed by ./platform down.\n");
        endpoints.forEach((key, value) -> env.append(key).append('=').append(value).append('\n'));
        PlatformHome.writePrivate(platform.endpointsFile(), env.toString());
    }

    /** Bearer tokens for local use, one per role ({@link LocalToken}); issued anew at each start; owner-only. */
    private void writeTokens(Map<String, String> tokens) throws IOException {
        StringBuilder env = new StringBuilder("# Written by ./platform up (valid " + LocalToken.LIFETIME.toDays()
                + " days, new ones at each start). Load them into a shell: source "
                + platform.display(platform.tokensFile()) + "\n");
        tokens.forEach((key, value) -> env.append(key).append('=').append(value).append('\n'));
        PlatformHome.writePrivate(platform.tokensFile(), env.toString());
    }

    /** Where the tokens are and which roles each holds; the tokens themselves stay in the file (no terminal scrollback). */
    private void printTokens() {
        OUT.println();
        OUT.println("Tokens: " + platform.display(platform.tokensFile()) + " (readable by you only; source it, then"
                + " curl -H \"Authorization: Bearer $TOKEN_EVENTS_WRITER\" ...)");
        for (LocalToken token : LocalToken.ALL) {
            OUT.printf("  %-22s %-22s %s%n", token.variable(), token.subject(), String.join(",", new TreeSet<>(token.roles())));
        }
        OUT.flush();
    }

    /**
     * Quarkus configuration for services run with {@code ./mvnw quarkus:dev} against this platform: each service's
     * {@code %dev} profile loads this file, so dev mode needs no Docker and no copied settings.
     */
    private void writeDevConfig(Map<String, String> serviceConfig) throws IOException {
        StringBuilder properties = new StringBuilder("# Written by ./platform up for quarkus:dev; removed by ./platform down.\n");
        serviceConfig.forEach((key, value) -> properties.append(key).append('=').append(value).append('\n'));
        Files.writeString(platform.devConfigFile(), properties);
    }
}
