package com.carbon254.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.carbon254.devstack.Endpoints;
import com.carbon254.devstack.security.LocalToken;
import com.carbon254.devstack.security.LocalTokenIssuer;
import com.carbon254.devstack.server.JavaCommand;
import com.carbon254.devstack.server.Ports;
import com.carbon254.devstack.server.ServerProcess;

/**
 * The gateway's built fast-jar, run as ./platform runs it: its own JVM, prod profile, pointed at the stack.
 *
 * @param process its JVM
 * @param url     where it serves
 * @param token   a bearer token the gateway accepts for publishing
 */
record GatewayProcess(ServerProcess process, String url, String token) implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    static GatewayProcess start(Path runner, Endpoints endpoints, Path home, String heap, List<String> jvmOptions) {
        if (!Files.isRegularFile(runner)) {
            throw new IllegalStateException("The gateway is not built (" + runner + "): run "
                    + "./mvnw -q -pl bench -am package -DskipTests first");
        }
        int port = Ports.free();
        JavaCommand java = JavaCommand.quarkusApplication(runner)
                .heap(heap)
                .jvmOptions(jvmOptions)
                .systemProperty("quarkus.http.host", "127.0.0.1")
                .systemProperty("quarkus.http.port", Integer.toString(port));
        endpoints.asQuarkusConfig().forEach(java::systemProperty);
        // The gateway requires a bearer token with events:write: a local key, whose public half the gateway trusts.
        LocalTokenIssuer tokens = LocalTokenIssuer.inFolder(home.resolve("jwt"));
        tokens.quarkusConfig().forEach(java::systemProperty);
        String token = tokens.issue("bench", LocalToken.EVENTS_WRITER.roles(), Duration.ofDays(1));
        ServerProcess process = ServerProcess.start("event-gateway", java.build(), home, Map.of());
        String url = "http://127.0.0.1:" + port;
        GatewayProcess gateway = new GatewayProcess(process, url, token);
        process.awaitProbe("/q/health/ready", gateway::isReady, Duration.ofMinutes(2));
        return gateway;
    }

    private boolean isReady() {
        try {
            HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        process.close();
    }
}
