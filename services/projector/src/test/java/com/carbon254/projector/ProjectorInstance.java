package com.carbon254.projector;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.carbon254.devstack.Endpoints;
import com.carbon254.devstack.server.JavaCommand;
import com.carbon254.devstack.server.Ports;
import com.carbon254.devstack.server.ServerProcess;
import com.carbon254.devstack.testing.TestTokens;
import com.carbon254.projector.datasets.DatasetProjection;

/**
 * One projector instance for the resilience tests: the module's built fast-jar in a JVM of its own, prod profile,
 * configured as {@code ./platform up} configures it (the stack's endpoints, the JWT verification key), on a free
 * HTTP port. Several instances share the consumer groups, so they split the partitions between them.
 */
final class ProjectorInstance implements AutoCloseable {

    /** The runner the package phase built (failsafe passes its path; the default fits a run from the module). */
    static final Path RUNNER = Path.of(System.getProperty("projector.runner", "target/quarkus-app/quarkus-run.jar"));

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final ServerProcess process;
    private final String url;

    private ProjectorInstance(String name, ServerProcess process, String url) {
        this.name = name;
        this.process = process;
        this.url = url;
    }

    /**
     * Starts an instance (without waiting for it: see {@link #awaitReady}).
     *
     * @param name   the instance's name: its log is {@code <home>/logs/<name>.log}, its Kafka client ids contain it
     * @param config extra configuration (system properties), e.g. a short consumer session timeout
     */
    static ProjectorInstance start(String name, Endpoints endpoints, Path home, Map<String, String> config) {
        if (!Files.isRegularFile(RUNNER)) {
            throw new IllegalStateException("The projector is not packaged (" + RUNNER.toAbsolutePath() + "): the "
                    + "resilience tests run in the integration-test phase, after the package phase built it");
        }
        int port = Ports.free();
        JavaCommand java = JavaCommand.quarkusApplication(RUNNER.toAbsolutePath())
                // Small and quick to start: up to three JVMs of it share two cores with the servers and the build.
                .heap("256m")
                .quickStart(true)
                .systemProperty("quarkus.http.host", "127.0.0.1")
                .systemProperty("quarkus.http.port", Integer.toString(port))
                // Which instance a consumer group member is (group descriptions name members by client id).
                .systemProperty("mp.messaging.incoming." + DatasetProjection.CHANNEL + ".client.id", name + "-data-events");
        endpoints.asQuarkusConfig().forEach(java::systemProperty);
        TestTokens.quarkusConfig().forEach(java::systemProperty);
        config.forEach(java::systemProperty);
        ServerProcess process = ServerProcess.start(name, java.build(), home, Map.of());
        return new ProjectorInstance(name, process, "http://127.0.0.1:" + port);
    }

    /** Waits until the instance reports ready (PostgreSQL, Kafka, search and its projections UP). */
    ProjectorInstance awaitReady(Duration timeout) {
        process.awaitProbe("/q/health/ready", () -> get("/q/health/ready").statusCode() == 200, timeout);
        return this;
    }

    String name() {
        return name;
    }

    /** The Kafka client id of this instance's data-events consumer (as group descriptions show it). */
    String dataEventsClientId() {
        return name + "-data-events";
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Records of the live dataset projection this JVM applied so far
     * ({@code carbon254_projection_events_total{projection="datasets",outcome="applied"}}; 0 before its first batch).
     */
    double appliedEvents() {
        HttpResponse<String> metrics = get("/q/metrics");
        if (metrics.statusCode() != 200) {
            throw new IllegalStateException(name + ": /q/metrics answered " + metrics.statusCode());
        }
        return metrics.body().lines()
                .filter(line -> line.startsWith("carbon254_projection_events_total{"))
                .filter(line -> line.contains("projection=\"datasets\"") && line.contains("outcome=\"applied\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    /** {@code kill -9}: no shutdown hook, no consumer leaving its group, an open transaction simply cut off. */
    void kill() {
        ProcessHandle handle = ProcessHandle.of(process.pid()).orElseThrow(
                () -> new IllegalStateException(name + " is not running"));
        handle.destroyForcibly();
        try {
            handle.onExit().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(name + " did not die after SIGKILL", e);
        }
        process.close(); // only removes its pid file now
    }

    /** The last lines of the instance's log, for failure messages. */
    String logTail() {
        return name + " (" + process.logFile() + "):\n" + process.tail();
    }

    private HttpResponse<String> get(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(name + ": GET " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops the instance gracefully (SIGTERM, then SIGKILL after a grace period). */
    @Override
    public void close() {
        process.close();
    }
}
