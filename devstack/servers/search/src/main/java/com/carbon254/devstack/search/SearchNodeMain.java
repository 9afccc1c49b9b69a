package com.carbon254.devstack.search;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.opensearch.action.admin.cluster.health.ClusterHealthResponse;
import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.unit.TimeValue;
import org.opensearch.env.Environment;
import org.opensearch.http.HttpServerTransport;
import org.opensearch.index.mapper.MapperExtrasPlugin;
import org.opensearch.index.reindex.ReindexPlugin;
import org.opensearch.node.Node;
import org.opensearch.painless.PainlessPlugin;
import org.opensearch.plugins.Plugin;
import org.opensearch.transport.Netty4Plugin;

/**
 * A single-node OpenSearch 2.19 search server speaking the Elasticsearch REST API, run in its own JVM
 * by the devstack launcher.
 *
 * <p>Command line: {@code --http-port N --transport-port N --data DIR [--cluster-name NAME]}. A port of
 * {@code 0} picks a free port. When the node has started, joined its single-node cluster and recovered
 * the indices of {@code DIR}, exactly one line {@code SEARCH_NODE_READY http://127.0.0.1:<port>} is
 * printed to stdout. SIGTERM closes the node cleanly. Logging: Log4j (and java.util.logging, routed to
 * it) at WARN to stdout, configured by {@value #LOG4J_CONFIG_RESOURCE}.
 *
 * <p>JVM options, one per line in the resource {@value #JVM_OPTIONS_RESOURCE} (no comments there: the
 * launcher passes every line). OpenSearch 2.19 starts on JDK 21 to 25 without any, since the node is
 * built directly and OpenSearch's {@code Bootstrap}, which installs the SecurityManager, is never
 * run. The three listed ones match what the OpenSearch 2.19 distribution passes on JDK 23+ or keep a
 * future JDK from refusing what it now only warns about:
 * <ul>
 * <li>{@code -Djava.locale.providers=SPI,CLDR}: OpenSearch's ISO {@code CalendarDataProvider} (weeks
 * start on Monday in week-based date patterns), as the distribution sets it;</li>
 * <li>{@code -Dio.netty.noUnsafe=true}: as the distribution sets it; on JDK 24+ it also avoids
 * {@code sun.misc.Unsafe} memory access, which the JDK warns about and will deny;</li>
 * <li>{@code --enable-native-access=ALL-UNNAMED}: Lucene's mmap uses {@code java.lang.foreign} for
 * madvise, a restricted method the JDK warns about and will block.</li>
 * </ul>
 * Heap size is the launcher's choice.
 */
public final class SearchNodeMain {

    public static final String READY_PREFIX = "SEARCH_NODE_READY ";
    public static final String CLASSPATH_RESOURCE = "devstack/servers/search.classpath";
    public static final String JVM_OPTIONS_RESOURCE = "devstack/servers/search.jvm-options";
    static final String LOG4J_CONFIG_RESOURCE = "devstack/servers/search-log4j2.xml";

    /** The plugins the node loads from the classpath (the distribution's modules we need). */
    static final Collection<Class<? extends Plugin>> PLUGINS = List.of(
            Netty4Plugin.class,
            CommonAnalysisPlugin.class,
            MapperExtrasPlugin.class,
            PainlessPlugin.class,
            ReindexPlugin.class);

    private SearchNodeMain() {
    }

    /** The node: the protected constructor takes the plugins from the classpath, no plugins directory. */
    static final class SearchNode extends Node {
        SearchNode(Environment environment) {
            super(environment, PLUGINS, true);
        }
    }

    record Args(int httpPort, int transportPort, Path data, String clusterName) {
        static Args parse(String[] args) {
            Integer http = null;
            Integer transport = null;
            Path data = null;
            String cluster = "devstack";
            for (int i = 0; i < args.length; i++) {
                String name = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value for " + name);
                }
                String value = args[++i];
                switch (name) {
                    case "--http-port" -> http = port(name, value);
                    case "--transport-port" -> transport = port(name, value);
                    case "--data" -> data = Path.of(value);
                    case "--cluster-name" -> cluster = value;
                    default -> throw new IllegalArgumentException("unknown argument " + name);
                }
            }
            if (http == null || transport == null || data == null) {
                throw new IllegalArgumentException("required: --http-port N --transport-port N --data DIR");
            }
            return new Args(http, transport, data.toAbsolutePath().normalize(), cluster);
        }

        private static int port(String name, String value) {
            int port = Integer.parseInt(value);
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException(name + " out of range: " + value);
            }
            return port;
        }
    }

    static Settings settings(Args args) throws IOException {
        Path home = args.data().resolve("home");
        Path data = args.data().resolve("data");
        Path logs = args.data().resolve("logs");
        Files.createDirectories(home.resolve("config"));
        Files.createDirectories(home.resolve("plugins"));
        Files.createDirectories(data);
        Files.createDirectories(logs);
        return Settings.builder()
                .put("cluster.name", args.clusterName())
                // Fixed so that a restart on the same data directory is the same node of the same cluster.
                .put("node.name", "devstack-search")
                .put("path.home", home.toString())
                .put("path.data", data.toString())
                .put("path.logs", logs.toString())
                .put("discovery.type", "single-node")
                .put("network.host", "127.0.0.1")
                .put("http.port", args.httpPort())
                .put("transport.port", args.transportPort())
                // A developer laptop with a nearly full disk must not turn indices read-only.
                .put("cluster.routing.allocation.disk.threshold_enabled", false)
                .put("action.auto_create_index", true)
                .build();
    }

    /**
     * One node can never assign replicas, so new indices would stay yellow: unless the cluster already
     * says otherwise, make indices that do not ask for replicas have none. (As a node setting
     * {@code cluster.default_number_of_replicas} is ignored by index creation; it has to be a cluster
     * setting, which persists in the data directory.)
     */
    private static void defaultToNoReplicas(Node node) {
        String key = "cluster.default_number_of_replicas";
        var metadata = node.client().admin().cluster().prepareState().clear().setMetadata(true).get()
                .getState().metadata();
        if (metadata.persistentSettings().hasValue(key) || metadata.transientSettings().hasValue(key)) {
            return;
        }
        node.client().admin().cluster().prepareUpdateSettings()
                .setPersistentSettings(Settings.builder().put(key, 0))
                .get();
    }

    public static void main(String[] argv) throws Exception {
        // Before anything touches Log4j: our own configuration (stdout, WARN), under a name no other
        // module's classpath would pick up by accident.
        if (System.getProperty("log4j2.configurationFile") == null
                && System.getProperty("log4j.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", LOG4J_CONFIG_RESOURCE);
        }
        System.setProperty("log4j2.disable.jmx", "true");
        // Lucene logs through java.util.logging: route it through Log4j too (same level, same stdout).
        if (System.getProperty("java.util.logging.manager") == null) {
            System.setProperty("java.util.logging.manager", "org.apache.logging.log4j.jul.LogManager");
        }

        Args args;
        try {
            args = Args.parse(argv);
        } catch (IllegalArgumentException e) {
            System.err.println("SearchNodeMain: " + e.getMessage());
            System.err.println("usage: SearchNodeMain --http-port N --transport-port N --data DIR [--cluster-name NAME]");
            System.exit(2);
            return;
        }

        Settings settings = settings(args);
        Environment environment = new Environment(settings, Path.of(settings.get("path.home")).resolve("config"));
        Node node = new SearchNode(environment);

        CountDownLatch closed = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            try {
                node.close();
                if (!node.awaitClose(20, TimeUnit.SECONDS)) {
                    System.err.println("SearchNodeMain: node did not close within 20 s");
                }
            } catch (IOException | InterruptedException e) {
                System.err.println("SearchNodeMain: closing the node failed: " + e);
            } finally {
                closed.countDown();
                org.apache.logging.log4j.LogManager.shutdown();
            }
        }, "search-node-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);

        try {
            node.start();
            // Wait until the indices of the data directory are recovered, so READY means searchable.
            ClusterHealthResponse health = node.client().admin().cluster().prepareHealth()
                    .setWaitForYellowStatus()
                    .setTimeout(TimeValue.timeValueSeconds(120))
                    .get();
            if (health.isTimedOut()) {
                System.err.println("SearchNodeMain: cluster health still " + health.getStatus() + " after 120 s");
            }
            defaultToNoReplicas(node);
        } catch (Throwable t) {
            System.err.println("SearchNodeMain: the search node failed to start");
            t.printStackTrace();
            System.exit(1);
            return;
        }

        int httpPort = node.injector().getInstance(HttpServerTransport.class)
                .boundAddress().publishAddress().getPort();
        PrintStream out = System.out;
        out.println(READY_PREFIX + "http://127.0.0.1:" + httpPort);
        out.flush();

        // OpenSearch's threads are daemon threads: keep the JVM alive until the node is closed.
        closed.await();
    }
}
