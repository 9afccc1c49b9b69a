package com.carbon254.devstack.cli;

import com.carbon254.devstack.Component;
import com.carbon254.devstack.EmbeddedStack;
import com.carbon254.devstack.StackOptions;
import com.carbon254.devstack.cli.secure.SecurePlatform;
import com.carbon254.devstack.security.LocalToken;
import com.carbon254.devstack.security.LocalTokenIssuer;
import com.carbon254.devstack.server.JavaCommand;
import com.carbon254.devstack.server.Ports;
import com.carbon254.devstack.server.ServerProcess;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./platform up [--fresh] | down | status | rebuild [--from <instant>] | demo [--rate n] [--seconds n]}: the
 * whole platform on this machine.
 *
 * <p>{@code up} starts the servers (data under {@code .platform/data}), provisions topics and schemas, starts
 * every built application module, writes {@code .platform/endpoints.env}, prints what runs where and stays in
 * the foreground until Ctrl-C or {@code ./platform down}, then stops everything it started.
 */
public final class PlatformCommand {

    /** Preferred ports of the servers; a taken port is replaced by a free one and reported. */
    static final Map<String, Integer> SERVER_PORTS = Map.of(
            "kafka", 9092, "kafka-controller", 9093,
            "registry", 8081, "registry-management", 8091,
            "postgres", 5433,
            "search", 9200, "search-transport", 9300);

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final PrintStream OUT = System.out;

    private final Path root;
    private final Path home;

    PlatformCommand(Path root, Path home) {
        this.root = root;
        this.home = home;
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("platform.root", ".")).toAbsolutePath().normalize();
        // PLATFORM_HOME lets a second platform (e.g. the smoke test) run beside a developer's own .platform/.
        String homeOverride = System.getenv("PLATFORM_HOME");
        Path home = homeOverride == null || homeOverride.isBlank() ? root.resolve(".platform")
                : Path.of(homeOverride).toAbsolutePath().normalize();
        PlatformCommand command = new PlatformCommand(root, home);
        String verb = args.length == 0 ? "help" : args[0];
        int exit = switch (verb) {
            case "up" -> command.up(List.of(args).contains("--fresh"), List.of(args).contains("--secure"));
            case "down" -> command.down();
            case "status" -> command.status();
            case "rebuild" -> command.rebuild(args.length > 2 && args[1].equals("--from") ? args[2] : null);
            case "demo" -> command.demo(option(args, "--rate", 200), option(args, "--seconds", 0));
            default -> {
                OUT.println("usage: ./platform up [--fresh] [--secure] | down | status | rebuild [--from <ISO-8601 instant>]"
                        + " | demo [--rate <events/s>] [--seconds <n>]");
                yield verb.equals("help") ? 0 : 2;
            }
        };
        System.exit(exit);
    }

    // ---------------------------------------------------------------------------------------------- up

    int up(boolean fresh, boolean secure) throws Exception {
        Files.createDirectories(home);
        Optional<ProcessHandle> running = launcher();
        if (running.isPresent()) {
            OUT.println("The platform is already running (pid " + running.get().pid() + "). Use ./platform down first.");
            return 1;
        }
        sweepLeftovers();
        Files.writeString(pidFile(), Long.toString(ProcessHandle.current().pid()));
        Files.deleteIfExists(endpointsFile());
        long begin = System.nanoTime();
        List<ServerProcess> applications = new ArrayList<>();
        EmbeddedStack[] stack = new EmbeddedStack[1];
        CountDownLatch stopped = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean stopping = new java.util.concurrent.atomic.AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping.set(true);
            OUT.println("\nStopping the platform ...");
            applications.reversed().forEach(ServerProcess::close);
            if (stack[0] != null) {
                stack[0].close();
            }
            try {
                Files.deleteIfExists(endpointsFile());
                Files.deleteIfExists(devConfigFile());
                Files.deleteIfExists(pidFile());
            } catch (IOException e) {
                // Nothing more to clean.
            }
            OUT.println("Stopped.");
            stopped.countDown();
        }, "platform-stop"));

        try {
            stack[0] = EmbeddedStack.start(new StackOptions(home, EnumSet.allOf(Component.class), fresh, SERVER_PORTS,
                    false, false, true, secure, line -> OUT.println("  ▸ " + line)));
        } catch (RuntimeException e) {
            OUT.println("\nThe platform did not start: " + e.getMessage());
            return 1;
        }
        stack[0].provisioning().warnings().forEach(w -> OUT.println("  ! " + w));

        Map<String, String> endpoints = new LinkedHashMap<>(stack[0].endpoints().asEnv());
        Map<String, String> serviceConfig = new LinkedHashMap<>(stack[0].endpoints().asQuarkusConfig());
        // The local identity provider: a key kept in .platform/jwt/ across runs; the services verify with its public key.
        LocalTokenIssuer tokenIssuer = LocalTokenIssuer.inFolder(home.resolve("jwt"));
        serviceConfig.putAll(tokenIssuer.quarkusConfig());
        Map<String, String> tokens = LocalToken.issueAll(tokenIssuer);
        if (secure) {
            try {
                endpoints.putAll(SecurePlatform.start(root, home, stack[0], line -> OUT.println("  ▸ " + line),
                        applications).endpoints());
            } catch (Exception e) {
                OUT.println("\nThe secured platform did not start: " + e.getMessage());
                return 1;
            }
            // No dev.properties: dev mode talks to a plain platform (its services take no SASL login from there).
            return ready(stack[0], applications, endpoints, Map.of(), tokens, begin, stopping, stopped);
        }
        List<CompletableFuture<Void>> starts = new ArrayList<>();
        for (PlatformApplication app : PlatformApplication.ALL) {
            if (!app.exists(root)) {
                continue;
            }
            if (!Files.isRegularFile(app.runner(root))) {
                OUT.println("  ! " + app.name() + " is not built (" + app.runner(root) + "); run ./platform up again after a build");
                continue;
            }
            int port = Ports.choose(app.name(), app.port(), false, line -> OUT.println("  ▸ " + line));
            String url = "http://127.0.0.1:" + port;
            endpoints.put(app.endpointKey(), url);
            JavaCommand java = JavaCommand.quarkusApplication(app.runner(root))
                    .heap("512m")
                    .systemProperty("quarkus.http.host", "127.0.0.1")
                    .systemProperty("quarkus.http.port", Integer.toString(port));
            serviceConfig.forEach(java::systemProperty);
            OUT.println("  ▸ starting " + app.name() + " ...");
            ServerProcess process = ServerProcess.start(app.name(), java.build(), home, Map.of());
            applications.add(process);
            starts.add(CompletableFuture.runAsync(() -> {
                process.awaitProbe("/q/health/ready", () -> httpOk(url + "/q/health/ready"), Duration.ofMinutes(3));
                OUT.println("  ▸ " + app.name() + " ready");
            }));
        }
        for (PlatformJob job : PlatformJob.ALL) {
            if (!job.exists(root)) {
                continue;
            }
            if (!job.isBuilt(root)) {
                OUT.println("  ! " + job.name() + " is not built (" + job.classpathFile() + " missing); run ./platform up again after a build");
                continue;
            }
            JavaCommand java = JavaCommand.main(job.mainClass())
                    .classpath(job.classpath(root))
                    .jvmOptions(job.jvmOptions(root))
                    .args("--local", "true",
                            "--bootstrap-servers", stack[0].endpoints().kafkaBootstrapServers(),
                            "--registry-url", stack[0].endpoints().registryUrl(),
                            "--checkpoint-dir", home.resolve("data").resolve(job.name()).resolve("checkpoints").toUri().toString());
            OUT.println("  ▸ starting " + job.name() + " (local Flink MiniCluster) ...");
            ServerProcess process = ServerProcess.start(job.name(), java.build(), home, Map.of());
            applications.add(process);
            starts.add(CompletableFuture.runAsync(() -> {
                String jobId = process.awaitLine(job.ready(), Duration.ofMinutes(3)).group(1);
                OUT.println("  ▸ " + job.name() + " running (Flink job " + jobId + ")");
            }));
        }
        try {
            starts.forEach(CompletableFuture::join);
        } catch (RuntimeException e) {
            OUT.println("\nAn application did not start: " + e.getMessage());
            return 1;
        }

        return ready(stack[0], applications, endpoints, serviceConfig, tokens, begin, stopping, stopped);
    }

    /** Writes the state files, prints the table and waits until the platform is stopped. */
    private int ready(EmbeddedStack stack, List<ServerProcess> applications, Map<String, String> endpoints,
                      Map<String, String> serviceConfig, Map<String, String> tokens, long begin,
                      java.util.concurrent.atomic.AtomicBoolean stopping, CountDownLatch stopped) throws Exception {
        writeEndpoints(endpoints);
        if (!serviceConfig.isEmpty()) {
            writeDevConfig(serviceConfig);
        }
        writeTokens(tokens);
        printTable(stack, applications, endpoints, Duration.ofNanos(System.nanoTime() - begin));
        printTokens(tokens);
        for (ServerProcess process : allProcesses(stack, applications)) {
            process.onExit().thenRun(() -> {
                if (!stopping.get()) {
                    OUT.println("  ! " + process.name() + " exited unexpectedly; see " + process.logFile());
                }
            });
        }
        stopped.await();
        return 0;
    }

    private static List<ServerProcess> allProcesses(EmbeddedStack stack, List<ServerProcess> applications) {
        List<ServerProcess> all = new ArrayList<>(stack.processes().values());
        all.addAll(applications);
        return all;
    }

    private void printTable(EmbeddedStack stack, List<ServerProcess> applications, Map<String, String> endpoints,
                            Duration took) {
        OUT.println();
        OUT.printf("254Carbon platform ready in %.1f s  (Ctrl-C or ./platform down to stop)%n", took.toMillis() / 1000.0);
        OUT.printf("%-16s %-8s %-50s %s%n", "COMPONENT", "PID", "ENDPOINT", "LOG");
        stack.processes().forEach((component, process) -> OUT.printf("%-16s %-8d %-50s %s%n", component.id(),
                process.pid(), endpointOf(component, endpoints), display(process.logFile())));
        for (ServerProcess app : applications) {
            String key = PlatformApplication.ALL.stream().filter(a -> a.name().equals(app.name()))
                    .map(PlatformApplication::endpointKey).findFirst().orElse("");
            String jobCluster = endpoints.entrySet().stream().filter(e -> e.getKey().endsWith("_FLINK_URL")
                    && app.name().endsWith("-jobmanager")).map(Map.Entry::getValue).findFirst().orElse("");
            OUT.printf("%-16s %-8d %-50s %s%n", app.name(), app.pid(), endpoints.getOrDefault(key,
                    app.name().endsWith("-taskmanager") ? "" : jobCluster.isEmpty() ? "(local Flink MiniCluster)" : jobCluster),
                    display(app.logFile()));
        }
        OUT.println();
        OUT.println("Endpoints: " + display(endpointsFile()) + " (load them into a shell: set -a; . " + display(endpointsFile()) + "; set +a)");
        endpoints.forEach((key, value) -> OUT.println("  " + key + "=" + value));
        OUT.flush();
    }

    /** A path relative to the checkout when it is inside it, absolute otherwise. */
    private String display(Path path) {
        return path.startsWith(root) ? root.relativize(path).toString() : path.toString();
    }

    private static String endpointOf(Component component, Map<String, String> endpoints) {
        return switch (component) {
            case KAFKA -> endpoints.get("KAFKA_BOOTSTRAP_SERVERS");
            case REGISTRY -> endpoints.get("REGISTRY_URL");
            case POSTGRES -> endpoints.get("POSTGRES_JDBC_URL");
            case SEARCH -> endpoints.get("SEARCH_URL");
        };
    }

    private void writeEndpoints(Map<String, String> endpoints) throws IOException {
        StringBuilder env = new StringBuilder("# Written by ./platform up; removed by ./platform down.\n");
        endpoints.forEach((key, value) -> env.append(key).append('=').append(value).append('\n'));
        Files.writeString(endpointsFile(), env);
        // It names the database administrator's password (and, secured, where the operator's login is).
        Files.setPosixFilePermissions(endpointsFile(), java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    }

    /** Bearer tokens for local use, one per role ({@link LocalToken}); issued anew at each start. */
    private void writeTokens(Map<String, String> tokens) throws IOException {
        StringBuilder env = new StringBuilder("# Written by ./platform up (valid " + LocalToken.LIFETIME.toDays()
                + " days, new ones at each start). Load them into a shell: source " + display(tokensFile()) + "\n");
        tokens.forEach((key, value) -> env.append(key).append('=').append(value).append('\n'));
        Files.writeString(tokensFile(), env);
        Files.setPosixFilePermissions(tokensFile(), java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    }

    private void printTokens(Map<String, String> tokens) {
        OUT.println();
        OUT.println("Tokens: " + display(tokensFile()) + " (source it, then curl -H \"Authorization: Bearer $TOKEN_EVENTS_WRITER\" ...)");
        for (LocalToken token : LocalToken.ALL) {
            OUT.printf("  %-22s %s%n", token.variable(), String.join(",", new java.util.TreeSet<>(token.roles())));
            OUT.println("    " + tokens.get(token.variable()));
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
        Files.writeString(devConfigFile(), properties);
    }

    // -------------------------------------------------------------------------------------------- down

    int down() throws Exception {
        Optional<ProcessHandle> launcher = launcher();
        if (launcher.isEmpty()) {
            OUT.println("The platform is not running.");
        } else {
            ProcessHandle handle = launcher.get();
            OUT.println("Stopping the platform (pid " + handle.pid() + ") ...");
            handle.destroy();
            try {
                handle.onExit().get(120, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                OUT.println("  ! the launcher did not stop in 120 s; killing it");
                handle.destroyForcibly();
            }
        }
        int swept = sweepLeftovers();
        if (swept > 0) {
            OUT.println("Stopped " + swept + " leftover process(es).");
        }
        Files.deleteIfExists(pidFile());
        Files.deleteIfExists(endpointsFile());
        Files.deleteIfExists(devConfigFile());
        OUT.println("The platform is stopped.");
        return 0;
    }

    /** Kills server processes a crashed launcher may have left, from their pid files and PostgreSQL's own. */
    private int sweepLeftovers() throws IOException {
        int killed = 0;
        Path pids = home.resolve("pids");
        if (Files.isDirectory(pids)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(pids, "*.pid")) {
                for (Path file : files) {
                    killed += kill(readPid(file));
                    Files.deleteIfExists(file);
                }
            }
        }
        Path postmaster = home.resolve("data/postgres/postmaster.pid");
        if (Files.isRegularFile(postmaster)) {
            Optional<Long> pid = Files.readAllLines(postmaster).stream().findFirst().map(String::trim).map(Long::parseLong);
            Optional<ProcessHandle> handle = pid.flatMap(ProcessHandle::of)
                    .filter(h -> h.info().command().map(c -> c.contains("postgres")).orElse(false));
            if (handle.isPresent()) {
                killed += kill(handle.get().pid());
            }
        }
        return killed;
    }

    private static int kill(long pid) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !handle.get().isAlive() || pid == ProcessHandle.current().pid()) {
            return 0;
        }
        handle.get().destroy();
        try {
            handle.get().onExit().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            handle.get().descendants().forEach(ProcessHandle::destroyForcibly);
            handle.get().destroyForcibly();
        }
        return 1;
    }

    private static long readPid(Path file) {
        try {
            return Long.parseLong(Files.readString(file).trim());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    // ------------------------------------------------------------------------------------------ status

    int status() throws IOException {
        Optional<ProcessHandle> launcher = launcher();
        if (launcher.isEmpty() || !Files.isRegularFile(endpointsFile())) {
            OUT.println(launcher.isEmpty() ? "The platform is not running." : "The platform is starting (pid "
                    + launcher.get().pid() + "); no endpoints yet.");
            return launcher.isEmpty() ? 3 : 1;
        }
        Map<String, String> env = readEndpoints();
        OUT.println("Platform launcher pid " + launcher.get().pid());
        OUT.printf("%-16s %-6s %s%n", "COMPONENT", "HEALTH", "ENDPOINT");
        boolean allUp = true;
        allUp &= report("kafka", env.get("KAFKA_BOOTSTRAP_SERVERS"), () -> kafkaUp(env.get("KAFKA_BOOTSTRAP_SERVERS")));
        allUp &= report("registry", env.get("REGISTRY_URL"), () -> httpOk(env.get("REGISTRY_URL") + "/system/info"));
        allUp &= report("postgres", env.get("POSTGRES_JDBC_URL"), () -> Ports.isListening(
                URI.create(env.get("POSTGRES_JDBC_URL").substring("jdbc:".length())).getPort()));
        allUp &= report("search", env.get("SEARCH_URL"), () -> httpOk(env.get("SEARCH_URL") + "/_cluster/health"));
        for (PlatformApplication app : PlatformApplication.ALL) {
            String url = env.get(app.endpointKey());
            if (url != null) {
                allUp &= report(app.name(), url, () -> httpOk(url + "/q/health/ready"));
            }
        }
        for (PlatformJob job : PlatformJob.ALL) {
            Path pid = home.resolve("pids").resolve(job.name() + ".pid");
            if (Files.isRegularFile(pid)) {
                allUp &= report(job.name(), "(local Flink MiniCluster, pid " + readPid(pid) + ")",
                        () -> ProcessHandle.of(readPid(pid)).map(ProcessHandle::isAlive).orElse(false));
            }
        }
        return allUp ? 0 : 1;
    }

    private static boolean report(String name, String endpoint, java.util.function.BooleanSupplier probe) {
        boolean up = endpoint != null && probe.getAsBoolean();
        OUT.printf("%-16s %-6s %s%n", name, up ? "UP" : "DOWN", endpoint == null ? "-" : endpoint);
        return up;
    }

    private static boolean kafkaUp(String bootstrap) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 4000))) {
            return !admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty();
        } catch (Exception e) {
            return false;
        }
    }

    public static boolean httpOk(String url) {
        try {
            HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    /** The integer after {@code name} in {@code args}, or the default. */
    private static int option(String[] args, String name, int defaultValue) {
        List<String> list = List.of(args);
        int at = list.indexOf(name);
        return at >= 0 && at + 1 < list.size() ? Integer.parseInt(list.get(at + 1)) : defaultValue;
    }

    // ----------------------------------------------------------------------------------------- demo

    /** A steady demo load through the public APIs ({@link DemoLoad}); {@code seconds} 0 runs until Ctrl-C. */
    int demo(int eventsPerSecond, int seconds) throws Exception {
        return new DemoLoad(readEndpoints(), readEnvFile(tokensFile()), OUT)
                .run(eventsPerSecond, seconds <= 0 ? null : Duration.ofSeconds(seconds));
    }

    // ----------------------------------------------------------------------------------------- rebuild

    /**
     * Rebuilds the dataset read models through the projector's admin API (replay into new tables and a new index
     * while the live ones serve, then an atomic switch), printing its progress until it ends.
     */
    int rebuild(String from) throws Exception {
        Map<String, String> env = readEndpoints();
        String projector = env.get("PROJECTOR_URL");
        if (projector == null) {
            OUT.println("The projector is not running: start the platform with ./platform up.");
            return 1;
        }
        String query = from == null ? "" : "?from=" + java.net.URLEncoder.encode(from, java.nio.charset.StandardCharsets.UTF_8);
        HttpResponse<String> started = HTTP.send(asAdmin(HttpRequest.newBuilder(URI.create(projector
                + "/admin/projections/datasets/rebuild" + query))).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        if (started.statusCode() != 202) {
            OUT.println("The projector refused the rebuild (HTTP " + started.statusCode() + "): " + started.body());
            return 1;
        }
        String progressUrl = projector + started.headers().firstValue("Location").map(l -> l.replaceFirst("^https?://[^/]+", ""))
                .orElseThrow();
        OUT.println("Rebuild started " + (from == null ? "from the beginning of the topic" : "from " + from));
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        while (true) {
            var progress = json.readTree(HTTP.send(asAdmin(HttpRequest.newBuilder(URI.create(progressUrl))).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            String state = progress.path("state").asText();
            OUT.printf("  %-10s %,d of %s events, %.0f events/s, ETA %s s%n", state, progress.path("eventsDone").asLong(),
                    progress.path("eventsTotal").isNull() ? "?" : progress.path("eventsTotal").asText(),
                    progress.path("eventsPerSecond").asDouble(),
                    progress.path("etaSeconds").isNull() ? "?" : progress.path("etaSeconds").asText());
            if (state.equals("COMPLETED")) {
                OUT.println("Rebuild complete: the read models now serve generation " + progress.path("generation").asInt()
                        + " (index " + progress.path("index").asText() + ").");
                return 0;
            }
            if (state.equals("FAILED")) {
                OUT.println("Rebuild failed: " + progress.path("error").asText());
                return 1;
            }
            Thread.sleep(1000); // progress is reported once a second
        }
    }

    /** The request with the admin token of tokens.env (the admin APIs require platform:admin), if there is one. */
    private HttpRequest.Builder asAdmin(HttpRequest.Builder request) throws IOException {
        String token = readEnvFile(tokensFile()).get(LocalToken.ADMIN.variable());
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    private Map<String, String> readEndpoints() throws IOException {
        return readEnvFile(endpointsFile());
    }

    private static Map<String, String> readEnvFile(Path file) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        if (Files.isRegularFile(file)) {
            for (String line : Files.readAllLines(file)) {
                int eq = line.indexOf('=');
                if (!line.startsWith("#") && eq > 0) {
                    env.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        }
        return env;
    }

    // ----------------------------------------------------------------------------------------- helpers

    private Path pidFile() {
        return home.resolve("platform.pid");
    }

    private Path endpointsFile() {
        return home.resolve("endpoints.env");
    }

    private Path devConfigFile() {
        return home.resolve("dev.properties");
    }

    private Path tokensFile() {
        return home.resolve("tokens.env");
    }

    /** The running launcher of this checkout, if any. */
    private Optional<ProcessHandle> launcher() {
        if (!Files.isRegularFile(pidFile())) {
            return Optional.empty();
        }
        long pid = readPid(pidFile());
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(h -> h.info().command().map(c -> c.contains("java")).orElse(true));
    }
}
