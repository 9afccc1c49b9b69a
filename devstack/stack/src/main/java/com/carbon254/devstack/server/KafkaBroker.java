package com.carbon254.devstack.server;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real single-node Kafka broker in KRaft mode (combined broker + controller), in its own JVM.
 *
 * <p>Its log directory is formatted once and kept, so topics and offsets survive restarts. The controller
 * quorum is static ({@code controller.quorum.voters}), so the broker may come back on other ports.
 */
public final class KafkaBroker implements AutoCloseable {

    private final ServerProcess process;
    private final int port;

    private KafkaBroker(ServerProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    public static KafkaBroker start(Path dataDir, Path home, int port, int controllerPort, boolean quickStart) {
        try {
            Path logDirs = Files.createDirectories(dataDir.resolve("log"));
            Path config = dataDir.resolve("server.properties");
            Files.writeString(config, """
                    # Written by the devstack at every start; edit StackOptions, not this file.
                    process.roles=broker,controller
                    node.id=1
                    controller.quorum.voters=1@127.0.0.1:%2$d
                    listeners=PLAINTEXT://127.0.0.1:%1$d,CONTROLLER://127.0.0.1:%2$d
                    advertised.listeners=PLAINTEXT://127.0.0.1:%1$d
                    controller.listener.names=CONTROLLER
                    inter.broker.listener.name=PLAINTEXT
                    listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
                    log.dirs=%3$s
                    # Topics come from the catalog only: a typo in a topic name fails instead of creating a topic.
                    auto.create.topics.enable=false
                    num.partitions=1
                    # One broker: every internal topic has one replica.
                    offsets.topic.replication.factor=1
                    offsets.topic.num.partitions=10
                    transaction.state.log.replication.factor=1
                    transaction.state.log.min.isr=1
                    transaction.state.log.num.partitions=10
                    share.coordinator.state.topic.replication.factor=1
                    share.coordinator.state.topic.min.isr=1
                    group.initial.rebalance.delay.ms=0
                    """.formatted(port, controllerPort, logDirs.toAbsolutePath()));

            var classpath = ServerClasspath.of("kafka");
            String log4j = "-Dlog4j2.configurationFile=devstack/servers/kafka-log4j2.xml";
            // Format once: a formatted log directory keeps its cluster id, which a new format would contradict.
            if (!Files.exists(logDirs.resolve("meta.properties"))) {
                ServerProcess.runToCompletion("kafka-format",
                    JavaCommand.main("kafka.tools.StorageTool").classpath(classpath).heap("256m")
                            .quickStart(true).jvmOptions(java.util.List.of(log4j))
                            .args("format", "--ignore-formatted", "-t", Uuid.randomUuid().toString(),
                                    "-c", config.toAbsolutePath().toString())
                            .build(),
                    home, Duration.ofMinutes(2));
            }

            ServerProcess process = ServerProcess.start("kafka",
                    JavaCommand.main("kafka.Kafka").classpath(classpath).heap("768m").quickStart(quickStart)
                            .jvmOptions(java.util.List.of(log4j))
                            .args(config.toAbsolutePath().toString())
                            .build(),
                    home, Map.of());
            KafkaBroker broker = new KafkaBroker(process, port);
            process.awaitProbe("a broker answering metadata requests", broker::answersMetadata, Duration.ofMinutes(2));
            return broker;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot prepare Kafka in " + dataDir, e);
        }
    }

    private boolean answersMetadata() {
        if (!Ports.isListening(port)) {
            return false;
        }
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000))) {
            return !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
        } catch (Exception e) {
            return false;
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public ServerProcess process() {
        return process;
    }

    @Override
    public void close() {
        process.close();
    }
}
