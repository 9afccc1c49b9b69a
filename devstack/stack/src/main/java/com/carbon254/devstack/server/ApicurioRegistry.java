package com.carbon254.devstack.server;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The real Apicurio Registry (its released server, unpacked at build time), in its own JVM, storing into an
 * H2 file database under the data directory so that schemas and their ids survive restarts.
 */
public final class ApicurioRegistry extends RestartableServer {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Path dataDir;
    private final Path home;
    private final int port;
    private final int managementPort;
    private final boolean quickStart;

    private ApicurioRegistry(Path dataDir, Path home, int port, int managementPort, boolean quickStart) {
        this.dataDir = dataDir.toAbsolutePath();
        this.home = home;
        this.port = port;
        this.managementPort = managementPort;
        this.quickStart = quickStart;
    }

    public static ApicurioRegistry start(Path dataDir, Path home, int port, int managementPort, boolean quickStart) {
        ApicurioRegistry registry = new ApicurioRegistry(dataDir, home, port, managementPort, quickStart);
        registry.launch();
        return registry;
    }

    @Override
    protected ServerProcess spawn() {
        try {
            Files.createDirectories(dataDir);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        Path serverHome = Path.of(ServerClasspath.properties("registry").getProperty("home"));
        Path runner = serverHome.resolve("quarkus-run.jar");
        if (!Files.isRegularFile(runner)) {
            throw new IllegalStateException("Apicurio Registry is not unpacked at " + serverHome
                    + ": build devstack/servers/registry first");
        }
        // A Quarkus fast-jar like the platform's services: launched with its manifest's Add-Opens, without which
        // jboss-threads warns on every executor thread of a JDK 24+.
        List<String> command = JavaCommand.quarkusApplication(runner)
                .heap("512m")
                .quickStart(quickStart)
                .systemProperty("quarkus.http.host", "127.0.0.1")
                .systemProperty("quarkus.http.port", Integer.toString(port))
                .systemProperty("quarkus.management.host", "127.0.0.1")
                .systemProperty("quarkus.management.port", Integer.toString(managementPort))
                .systemProperty("apicurio.datasource.url",
                        "jdbc:h2:file:" + dataDir.resolve("registry") + ";DB_CLOSE_ON_EXIT=FALSE")
                .systemProperty("quarkus.log.level", "WARN")
                .systemProperty("quarkus.log.category.\"io.apicurio\".level", "WARN")
                .systemProperty("quarkus.banner.enabled", "false")
                .build();
        return ServerProcess.start("registry", command, home, Map.of());
    }

    @Override
    protected void awaitReady(ServerProcess process) {
        process.awaitProbe("/health/ready", this::isReady, Duration.ofMinutes(3));
    }

    /** Whether the management endpoint reports the registry ready. */
    public boolean isReady() {
        try {
            HttpResponse<Void> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/health/ready"))
                            .timeout(Duration.ofSeconds(3)).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    /** Base URL of the native v3 REST API. */
    public String v3Url() {
        return "http://127.0.0.1:" + port + "/apis/registry/v3";
    }

    /** Base URL of the Confluent-compatible API. */
    public String ccompatUrl() {
        return "http://127.0.0.1:" + port + "/apis/ccompat/v7";
    }
}
