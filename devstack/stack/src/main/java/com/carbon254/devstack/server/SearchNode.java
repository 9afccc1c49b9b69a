package com.carbon254.devstack.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

/** A real search node speaking the Elasticsearch REST API (OpenSearch), in its own JVM. */
public final class SearchNode implements AutoCloseable {

    private static final Pattern READY = Pattern.compile("^SEARCH_NODE_READY (\\S+)");

    private final ServerProcess process;
    private final String url;

    private SearchNode(ServerProcess process, String url) {
        this.process = process;
        this.url = url;
    }

    public static SearchNode start(Path dataDir, Path home, int httpPort, int transportPort, boolean quickStart) {
        ServerProcess process = ServerProcess.start("search",
                JavaCommand.main("com.carbon254.devstack.search.SearchNodeMain")
                        .classpath(ServerClasspath.of("search"))
                        .jvmOptions(ServerClasspath.jvmOptions("search"))
                        .heap("512m")
                        .quickStart(quickStart)
                        .args("--http-port", Integer.toString(httpPort),
                                "--transport-port", Integer.toString(transportPort),
                                "--data", dataDir.toAbsolutePath().toString(),
                                "--cluster-name", "carbon254")
                        .build(),
                home, Map.of());
        String url = process.awaitLine(READY, Duration.ofMinutes(3)).group(1);
        return new SearchNode(process, url);
    }

    /** Base URL of the REST API, e.g. {@code http://127.0.0.1:9200}. */
    public String url() {
        return url;
    }

    public ServerProcess process() {
        return process;
    }

    @Override
    public void close() {
        process.close();
    }
}
