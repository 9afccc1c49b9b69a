package com.carbon254.devstack.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

/** A real search node speaking the Elasticsearch REST API (OpenSearch), in its own JVM. */
public final class SearchNode extends RestartableServer {

    private static final Pattern READY = Pattern.compile("^SEARCH_NODE_READY (\\S+)");

    private final Path dataDir;
    private final Path home;
    private final int httpPort;
    private final int transportPort;
    private final boolean quickStart;

    private SearchNode(Path dataDir, Path home, int httpPort, int transportPort, boolean quickStart) {
        this.dataDir = dataDir.toAbsolutePath();
        this.home = home;
        this.httpPort = httpPort;
        this.transportPort = transportPort;
        this.quickStart = quickStart;
    }

    public static SearchNode start(Path dataDir, Path home, int httpPort, int transportPort, boolean quickStart) {
        SearchNode node = new SearchNode(dataDir, home, httpPort, transportPort, quickStart);
        node.launch();
        return node;
    }

    @Override
    protected ServerProcess spawn() {
        return ServerProcess.start("search",
                JavaCommand.main("com.carbon254.devstack.search.SearchNodeMain")
                        .classpath(ServerClasspath.of("search"))
                        .jvmOptions(ServerClasspath.jvmOptions("search"))
                        .heap("512m")
                        .quickStart(quickStart)
                        .args("--http-port", Integer.toString(httpPort),
                                "--transport-port", Integer.toString(transportPort),
                                "--data", dataDir.toString(),
                                "--cluster-name", "carbon254")
                        .build(),
                home, Map.of());
    }

    @Override
    protected void awaitReady(ServerProcess process) {
        process.awaitLine(READY, Duration.ofMinutes(3));
    }

    /** Base URL of the REST API, e.g. {@code http://127.0.0.1:9200}. */
    public String url() {
        return "http://127.0.0.1:" + httpPort;
    }
}
