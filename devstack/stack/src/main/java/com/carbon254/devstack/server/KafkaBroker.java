package com.carbon254.devstack.server;

import com.carbon254.devstack.KafkaCredentials;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * One real Kafka node in KRaft mode (combined broker + controller), in its own JVM: alone, or one of the
 * {@link KafkaCluster}'s nodes.
 *
 * <p>Its log directory is formatted once and kept, so topics and offsets survive restarts; its configuration is
 * written at every start of the stack. The controller quorum is static ({@code controller.quorum.voters}).
 */
public final class KafkaBroker extends RestartableServer {

    private final String name;
    private final int nodeId;
    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private final KafkaCluster.Shared cluster;

    KafkaBroker(String name, int nodeId, Path dataDir, int port, int controllerPort, KafkaCluster.Shared cluster) {
        this.name = name;
        this.nodeId = nodeId;
        this.dataDir = dataDir.toAbsolutePath();
        this.port = port;
        this.controllerPort = controllerPort;
        this.cluster = cluster;
    }

    /** Writes the node's configuration (at every start of the stack), returns its file. */
    Path writeConfig() {
        try {
            Path logDirs = Files.createDirectories(dataDir.resolve("log"));
            KafkaCredentials operator = cluster.operator();
            String listeners = operator == null ? PLAINTEXT_LISTENERS : secureListeners(operator);
            return Files.writeString(configFile(), """
                    # Written by the devstack at every start; edit StackOptions, not this file.
                    process.roles=broker,controller
                    node.id=%3$d
                    controller.quorum.voters=%4$s
                    controller.listener.names=CONTROLLER
                    log.dirs=%5$s
                    # Topics come from the catalog only: a typo in a topic name fails instead of creating a topic.
                    auto.create.topics.enable=false
                    num.partitions=1
                    # Internal topics have a replica on every node; writes need min.insync.replicas of them.
                    default.replication.factor=%6$d
                    min.insync.replicas=%7$d
                    offsets.topic.replication.factor=%6$d
                    offsets.topic.num.partitions=10
                    transaction.state.log.replication.factor=%6$d
                    transaction.state.log.min.isr=%7$d
                    transaction.state.log.num.partitions=10
                    share.coordinator.state.topic.replication.factor=%6$d
                    share.coordinator.state.topic.min.isr=%7$d
                    group.initial.rebalance.delay.ms=0
                    """.formatted(port, controllerPort, nodeId, cluster.voters(), logDirs, cluster.size(),
                            cluster.minInsyncReplicas())
                    + listeners.replace("{controller}", Integer.toString(controllerPort)).formatted(port));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot prepare Kafka in " + dataDir, e);
        }
    }

    /** Whether the log directory is formatted (it then keeps its cluster id: it is formatted once). */
    boolean isFormatted() {
        return Files.exists(dataDir.resolve("log").resolve("meta.properties"));
    }

    private Path configFile() {
        return dataDir.resolve("server.properties");
    }

    /** Starts the node's JVM with the configuration {@link KafkaCluster} wrote. */
    @Override
    protected ServerProcess spawn() {
        return ServerProcess.start(name, java("kafka.Kafka").heap(cluster.heap()).quickStart(cluster.quickStart())
                .args(configFile().toString()).build(), cluster.home(), Map.of());
    }

    /** A JVM of the Kafka server's classpath, logging as the devstack's brokers do. */
    static JavaCommand java(String mainClass) {
        return JavaCommand.main(mainClass).classpath(ServerClasspath.of("kafka"))
                .jvmOptions(List.of("-Dlog4j2.configurationFile=devstack/servers/kafka-log4j2.xml"));
    }

    /** Ready once the node answers metadata requests and the cluster counts it among its live (unfenced) brokers. */
    @Override
    protected void awaitReady(ServerProcess process) {
        process.awaitProbe("a broker answering metadata requests", this::isLive, Duration.ofMinutes(2));
    }

    private boolean isLive() {
        if (!Ports.isListening(port)) {
            return false;
        }
        Map<String, Object> settings = new HashMap<>(clientProperties(bootstrapServers(), cluster.operator()));
        settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        try (Admin admin = Admin.create(settings)) {
            return admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).stream().anyMatch(n -> n.id() == nodeId);
        } catch (Exception e) {
            return false;
        }
    }

    /** The cluster id of an already formatted log directory. */
    static Optional<String> formattedClusterId(Path dataDir) {
        Path meta = dataDir.resolve("log").resolve("meta.properties");
        if (!Files.isRegularFile(meta)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (var in = Files.newInputStream(meta)) {
            properties.load(in);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + meta, e);
        }
        return Optional.ofNullable(properties.getProperty("cluster.id"));
    }

    /** What an administrative client needs: the bootstrap servers and, on a secured broker, the operator's login. */
    static Map<String, Object> clientProperties(String bootstrapServers, KafkaCredentials operator) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        if (operator != null) {
            properties.putAll(operator.clientProperties());
        }
        return properties;
    }

    /** {@code 127.0.0.1:<port>} of this node alone. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int nodeId() {
        return nodeId;
    }

    private static final String PLAINTEXT_LISTENERS = """
            listeners=PLAINTEXT://127.0.0.1:%1$d,CONTROLLER://127.0.0.1:{controller}
            advertised.listeners=PLAINTEXT://127.0.0.1:%1$d
            inter.broker.listener.name=PLAINTEXT
            listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
            """;

    private static String secureListeners(KafkaCredentials operator) {
        String user = operator.username();
        String password = operator.password();
        return """
                listeners=SASL_PLAINTEXT://127.0.0.1:%1$d,CONTROLLER://127.0.0.1:{controller}
                advertised.listeners=SASL_PLAINTEXT://127.0.0.1:%1$d
                inter.broker.listener.name=SASL_PLAINTEXT
                listener.security.protocol.map=SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT
                sasl.enabled.mechanisms=SCRAM-SHA-512
                sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
                listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=\
                  org.apache.kafka.common.security.scram.ScramLoginModule required username="USER" password="PASSWORD";
                # The controller listener cannot use SCRAM (its credentials live in the metadata it serves): PLAIN.
                sasl.mechanism.controller.protocol=PLAIN
                listener.name.controller.sasl.enabled.mechanisms=PLAIN
                listener.name.controller.plain.sasl.jaas.config=\
                  org.apache.kafka.common.security.plain.PlainLoginModule required username="USER" password="PASSWORD" \
                  user_USER="PASSWORD";
                authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
                allow.everyone.if.no.acl.found=false
                super.users=User:USER
                """.replace("USER", user).replace("PASSWORD", password);
    }
}
