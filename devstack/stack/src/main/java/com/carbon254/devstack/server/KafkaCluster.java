package com.carbon254.devstack.server;

import com.carbon254.devstack.KafkaCredentials;
import org.apache.kafka.common.Uuid;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * Kafka as the embedded stack runs it: a single node, or three as in production. Every node is a combined broker and
 * controller in a JVM of its own (node ids 1..n, a static quorum of n voters), with its own data folder and ports; with
 * three, one node may stop while the other two keep a quorum, leaders and in-sync replicas.
 */
public final class KafkaCluster implements AutoCloseable {

    /** Where one node lives: its process' name (logs, pid file), its data folder and its ports. */
    public record Node(String name, Path dataDir, int port, int controllerPort) {
    }

    /** What every node of the cluster shares. */
    record Shared(Path home, String clusterId, String voters, int size, int minInsyncReplicas, String heap,
                  boolean quickStart, KafkaCredentials operator) {
    }

    private final List<KafkaBroker> brokers;
    private final KafkaCredentials operator;

    private KafkaCluster(List<KafkaBroker> brokers, KafkaCredentials operator) {
        this.brokers = brokers;
        this.operator = operator;
    }

    /** The name of node {@code index} (from 0) of a cluster of {@code size}: {@code kafka} alone, else {@code kafka-1} ... */
    public static String nodeName(int index, int size) {
        return size == 1 ? "kafka" : "kafka-" + (index + 1);
    }

    /**
     * Writes every node's configuration, formats the new ones, starts every node in parallel (a node of several is
     * ready only once a majority of the quorum runs) and waits until each is a live broker of the cluster; on a
     * failure stops those that started.
     *
     * @param minInsyncReplicas {@code min.insync.replicas} of the internal topics and default of every topic (the
     *                          internal topics have a replica on every node)
     * @param operator          the super user of a secured cluster ({@link KafkaBroker}), null for a plaintext one
     */
    public static KafkaCluster start(List<Node> nodes, Path home, int minInsyncReplicas, boolean quickStart,
                                     KafkaCredentials operator) {
        // One cluster id for all nodes: the one they were formatted with, or a new one for a new cluster.
        String clusterId = nodes.stream().map(node -> KafkaBroker.formattedClusterId(node.dataDir()))
                .flatMap(Optional::stream).findFirst().orElseGet(() -> Uuid.randomUuid().toString());
        StringJoiner voters = new StringJoiner(",");
        for (int i = 0; i < nodes.size(); i++) {
            voters.add((i + 1) + "@127.0.0.1:" + nodes.get(i).controllerPort());
        }
        // One broker as before; three share the machine with every other server.
        Shared shared = new Shared(home, clusterId, voters.toString(), nodes.size(), minInsyncReplicas,
                nodes.size() == 1 ? "768m" : "512m", quickStart, operator);
        List<KafkaBroker> brokers = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            Node node = nodes.get(i);
            brokers.add(new KafkaBroker(node.name(), i + 1, node.dataDir(), node.port(), node.controllerPort(), shared));
        }
        List<Path> unformatted = new ArrayList<>();
        for (KafkaBroker broker : brokers) {
            Path config = broker.writeConfig();
            if (!broker.isFormatted()) {
                unformatted.add(config);
            }
        }
        if (!unformatted.isEmpty()) {
            format(unformatted, shared);
        }
        KafkaCluster cluster = new KafkaCluster(List.copyOf(brokers), operator);
        List<String> failures = Parallel.failures(brokers.stream()
                .map(broker -> Parallel.run("devstack-start-kafka-" + broker.nodeId(), broker::launch)).toList());
        if (!failures.isEmpty()) {
            cluster.close();
            throw new IllegalStateException(String.join("\n", failures));
        }
        return cluster;
    }

    /** Formats new nodes' log directories with the cluster's id, in one JVM. */
    private static void format(List<Path> configs, Shared shared) {
        List<String> args = new ArrayList<>(List.of("--ignore-formatted", "-t", shared.clusterId()));
        KafkaCredentials operator = shared.operator();
        if (operator != null) {
            // The operator's SCRAM credential is in the metadata from the first start on.
            args.addAll(List.of("--add-scram", KafkaCredentials.MECHANISM + "=[name=" + operator.username()
                    + ",password=" + operator.password() + "]"));
        }
        args.add("--");
        configs.forEach(config -> args.add(config.toString()));
        ServerProcess.runToCompletion("kafka-format", KafkaBroker.java("com.carbon254.devstack.kafka.FormatStorage")
                .heap("256m").quickStart(true).args(args.toArray(String[]::new)).build(), shared.home(),
                Duration.ofMinutes(2));
    }

    /** Node {@code index}, from 0. */
    public KafkaBroker broker(int index) {
        if (index < 0 || index >= brokers.size()) {
            throw new IllegalArgumentException("No broker " + index + ": the cluster has " + brokers.size()
                    + " (indexes 0 to " + (brokers.size() - 1) + ")");
        }
        return brokers.get(index);
    }

    public int size() {
        return brokers.size();
    }

    /** Every node's {@code 127.0.0.1:<port>}, comma-separated. */
    public String bootstrapServers() {
        return brokers.stream().map(KafkaBroker::bootstrapServers).collect(Collectors.joining(","));
    }

    /** What an administrative client needs: the bootstrap servers and, on a secured cluster, the operator's login. */
    public Map<String, Object> clientProperties() {
        return KafkaBroker.clientProperties(bootstrapServers(), operator);
    }

    /** The nodes' current processes, by index. */
    public List<ServerProcess> processes() {
        return brokers.stream().map(KafkaBroker::process).toList();
    }

    /** Stops every node, in parallel: one after the other, the last ones would wait for a quorum that is gone. */
    @Override
    public void close() {
        brokers.stream().map(broker -> Parallel.run("devstack-stop-kafka-" + broker.nodeId(), broker::close)).toList()
                .forEach(CompletableFuture::join);
    }
}
