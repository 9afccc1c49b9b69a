package com.carbon254.reliability;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.Admin;

import com.carbon254.devstack.Component;
import com.carbon254.devstack.EmbeddedStack;
import com.carbon254.devstack.Endpoints;
import com.carbon254.devstack.StackOptions;
import com.carbon254.devstack.cli.PlatformApplication;
import com.carbon254.devstack.cli.PlatformJob;
import com.carbon254.devstack.security.LocalToken;
import com.carbon254.devstack.security.LocalTokenIssuer;
import com.carbon254.devstack.server.JavaCommand;
import com.carbon254.devstack.server.Ports;
import com.carbon254.devstack.server.ServerProcess;

/**
 * The platform the run drives: the embedded servers ({@link EmbeddedStack}, fresh data, free ports), the four
 * back-end services from their built fast-jars and the Flink aggregations on a local MiniCluster, started as
 * {@code ./platform up} starts them (same configuration keys, one JVM each). Every application can be killed with
 * SIGKILL and started again with the same command and port; the servers through the stack's own restart.
 */
final class PlatformUnderTest implements AutoCloseable {

    /** The applications under load, by name; the console is left out (it only reads the others). */
    static final List<String> SERVICES = List.of("event-gateway", "dataset-command", "projector", "query-api");
    static final String FLINK_JOB = "flink-aggregator";

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);
    private static final Pattern RESUMED = Pattern.compile("Resuming from (\\S+)");

    private final Path home;
    private final EmbeddedStack stack;
    private final LocalTokenIssuer tokens;
    private final Map<String, Application> applications = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** One application: how to start it, how to tell it is ready, and its current process. */
    private static final class Application {
        final String name;
        final List<String> command;
        final String url;
        final Pattern readyLine;
        volatile ServerProcess process;

        Application(String name, List<String> command, String url, Pattern readyLine) {
            this.name = name;
            this.command = command;
            this.url = url;
            this.readyLine = readyLine;
        }
    }

    private PlatformUnderTest(Path home, EmbeddedStack stack, LocalTokenIssuer tokens) {
        this.home = home;
        this.stack = stack;
        this.tokens = tokens;
    }

    static PlatformUnderTest start(Path root, Path home, int brokers) throws IOException {
        long begin = System.nanoTime();
        System.out.println("  ▸ starting the servers (Kafka, registry, PostgreSQL, search) ...");
        StackOptions options = StackOptions.forTests(home, EnumSet.allOf(Component.class)).withBrokers(brokers);
        EmbeddedStack stack = EmbeddedStack.start(options);
        PlatformUnderTest platform = new PlatformUnderTest(home, stack, LocalTokenIssuer.inFolder(home.resolve("jwt")));
        try {
            platform.startApplications(root);
        } catch (RuntimeException | IOException e) {
            platform.close();
            throw e;
        }
        System.out.printf("platform ready in %.1f s%n", (System.nanoTime() - begin) / 1e9);
        return platform;
    }

    private void startApplications(Path root) throws IOException {
        Map<String, String> config = new LinkedHashMap<>(stack.endpoints().asQuarkusConfig());
        config.putAll(tokens.quarkusConfig());
        for (String service : SERVICES) {
            PlatformApplication app = PlatformApplication.ALL.stream().filter(a -> a.name().equals(service))
                    .findFirst().orElseThrow();
            Path runner = app.runner(root);
            if (!Files.isRegularFile(runner)) {
                throw new IllegalStateException(service + " is not built (" + runner
                        + "): ./mvnw -pl reliability -am package -DskipTests");
            }
            int port = Ports.free();
            JavaCommand java = JavaCommand.quarkusApplication(runner).heap("512m")
                    .systemProperty("quarkus.http.host", "127.0.0.1")
                    .systemProperty("quarkus.http.port", Integer.toString(port));
            config.forEach(java::systemProperty);
            applications.put(service, new Application(service, java.build(), "http://127.0.0.1:" + port, null));
        }
        PlatformJob job = PlatformJob.ALL.stream().filter(j -> j.name().equals(FLINK_JOB)).findFirst().orElseThrow();
        if (!job.isBuilt(root)) {
            throw new IllegalStateException(FLINK_JOB + " is not built: ./mvnw -pl reliability -am package -DskipTests");
        }
        Path data = home.resolve("data").resolve(job.name());
        List<String> flink = JavaCommand.main(job.mainClass())
                .classpath(job.classpath(root))
                .jvmOptions(job.jvmOptions(root))
                .args("--local", "true",
                        "--bootstrap-servers", stack.endpoints().kafkaBootstrapServers(),
                        "--registry-url", stack.endpoints().registryUrl(),
                        "--checkpoint-dir", data.resolve("checkpoints").toUri().toString(),
                        "--flink.rest.bind-address", "127.0.0.1",
                        "--flink.rest.bind-port", Integer.toString(Ports.free()))
                .args(job.args().apply(data).toArray(String[]::new))
                .build();
        applications.put(FLINK_JOB, new Application(FLINK_JOB, flink, null, job.ready()));
        List<CompletableFuture<Void>> starts = new ArrayList<>();
        for (Application app : applications.values()) {
            System.out.println("  ▸ starting " + app.name + " ...");
            starts.add(CompletableFuture.runAsync(() -> launch(app)));
        }
        starts.forEach(CompletableFuture::join);
    }

    /** Starts the application's process and waits until it is ready. */
    private void launch(Application app) {
        app.process = ServerProcess.start(app.name, app.command, home, Map.of());
        if (app.readyLine != null) {
            app.process.awaitLine(app.readyLine, READY_TIMEOUT);
        } else {
            app.process.awaitProbe("/q/health/ready", () -> ready(app), READY_TIMEOUT);
        }
    }

    private boolean ready(Application app) {
        return status(app.url + "/q/health/ready") == 200;
    }

    private int status(String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** SIGKILL of an application (no shutdown hook runs, nothing is flushed), waiting until it is gone. */
    void kill(String application) {
        ServerProcess process = applications.get(application).process;
        ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroyForcibly);
        try {
            process.onExit().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(application + " did not die after SIGKILL", e);
        }
    }

    /** Starts an application again with its first command (same port, same checkpoints) and waits until it is ready. */
    void restart(String application) {
        launch(applications.get(application));
    }

    /** Where the Flink job resumed from at its last start, as its log says. */
    String flinkResumedFrom() {
        try {
            String resumed = "no retained checkpoint";
            for (String line : Files.readAllLines(applications.get(FLINK_JOB).process.logFile())) {
                Matcher matcher = RESUMED.matcher(line);
                if (matcher.find()) {
                    resumed = matcher.group(1).replaceFirst("^.*/(chk-\\d+)(/_metadata)?$", "$1");
                }
            }
            return resumed;
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Whether every service answers ready and the Flink job's process runs. */
    boolean healthy() {
        for (Application app : applications.values()) {
            if (app.process == null || !app.process.isAlive() || (app.url != null && !ready(app))) {
                return false;
            }
        }
        return true;
    }

    EmbeddedStack stack() {
        return stack;
    }

    Endpoints endpoints() {
        return stack.endpoints();
    }

    String url(String service) {
        return applications.get(service).url;
    }

    /** A bearer token of one of the local roles, valid for a day. */
    String token(LocalToken role) {
        return "Bearer " + tokens.issue(role.subject(), role.roles(), Duration.ofDays(1));
    }

    Admin admin() {
        return stack.admin();
    }

    Connection database() throws SQLException {
        Endpoints e = endpoints();
        return DriverManager.getConnection(e.postgresJdbcUrl(), e.postgresUser(), e.postgresPassword());
    }

    HttpClient http() {
        return http;
    }

    @Override
    public void close() {
        for (Application app : new ArrayList<>(applications.values()).reversed()) {
            if (app.process != null) {
                app.process.close();
            }
        }
        stack.close();
    }
}
