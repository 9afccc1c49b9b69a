package com.carbon254.devstack.server;

import com.carbon254.devstack.KafkaCredentials;
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
    private final KafkaCredentials operator;

    private KafkaBroker(ServerProcess process, int port, KafkaCredentials operator) {
        this.process = process;
        this.port = port;
        this.operator = operator;
    }

    /**
     * Starts the broker. With {@code operator} credentials it is secured as the cluster's {@code plain} listener is:
     * SASL/SCRAM-SHA-512 for clients, the KRaft {@code StandardAuthorizer} with no access where no ACL allows it,
     * and {@code operator} as the only super user (also the broker's own identity towards its controller, over
     * SASL/PLAIN); without, it is a plaintext broker open to anyone on 127.0.0.1.
     */
    public static KafkaBroker start(Path dataDir, Path home, int port, int controllerPort, boolean quickStart,
                                    KafkaCredentials operator) {
        try {
            Path logDirs = Files.createDirectories(dataDir.resolve("log"));
            Path config = dataDir.resolve("server.properties");
            String listeners = operator == null ? PLAINTEXT_LISTENERS : secureListeners(operator);
            Files.writeString(config, """
                    # Written by the devstack at every start; edit StackOptions, not this file.
                    process.roles=broker,controller
                    node.id=1
                    controller.quorum.voters=1@127.0.0.1:%2$d
                    controller.listener.names=CONTROLLER
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
                    """.formatted(port, controllerPort, logDirs.toAbsolutePath())
                    + listeners.replace("{controller}", Integer.toString(controllerPort)).formatted(port));

            var classpath = ServerClasspath.of("kafka");
            String log4j = "-Dlog4j2.configurationFile=devstack/servers/kafka-log4j2.xml";
            // Format once: a formatted log directory keeps its cluster id, which a new format would contradict.
            if (!Files.exists(logDirs.resolve("meta.properties"))) {
                java.util.List<String> format = new java.util.ArrayList<>(java.util.List.of("format", "--ignore-formatted",
                        "-t", Uuid.randomUuid().toString(), "-c", config.toAbsolutePath().toString()));
                if (operator != null) {
                    // The operator's SCRAM credential is in the metadata from the first start on.
                    format.addAll(java.util.List.of("--add-scram", KafkaCredentials.MECHANISM + "=[name="
                            + operator.username() + ",password=" + operator.password() + "]"));
                }
                ServerProcess.runToCompletion("kafka-format",
                    JavaCommand.main("kafka.tools.StorageTool").classpath(classpath).heap("256m")
                            .quickStart(true).jvmOptions(java.util.List.of(log4j))
                            .args(format.toArray(String[]::new))
                            .build(),
                    home, Duration.ofMinutes(2));
            }

            ServerProcess process = ServerProcess.start("kafka",
                    JavaCommand.main("kafka.Kafka").classpath(classpath).heap("768m").quickStart(quickStart)
                            .jvmOptions(java.util.List.of(log4j))
                            .args(config.toAbsolutePath().toString())
                            .build(),
                    home, Map.of());
            KafkaBroker broker = new KafkaBroker(process, port, operator);
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
        Map<String, Object> settings = new java.util.HashMap<>(clientProperties());
        settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        try (Admin admin = Admin.create(settings)) {
            return !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
        } catch (Exception e) {
            return false;
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** What an administrative client needs: the bootstrap servers and, on a secured broker, the operator's login. */
    public Map<String, Object> clientProperties() {
        Map<String, Object> properties = new java.util.HashMap<>();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        if (operator != null) {
            properties.putAll(operator.clientProperties());
        }
        return properties;
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

    public ServerProcess process() {
        return process;
    }

    @Override
    public void close() {
        process.close();
    }
}
