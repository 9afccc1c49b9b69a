package com.carbon254.devstack;

import com.carbon254.events.catalog.TopicCatalog;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * How to start an {@link EmbeddedStack}.
 *
 * @param home        where data, logs and pid files go ({@code .platform/} for ./platform, a temp dir in tests)
 * @param components  which servers to start
 * @param fresh       delete existing data before starting
 * @param ports       preferred port per server name (0 or absent: any free port)
 * @param failOnTakenPort a taken preferred port is an error naming it (otherwise a free port is used and reported)
 * @param quickStartJvm  start server JVMs with C1 only and the serial collector: faster start, slower peak
 * @param provision   create topics and register schemas from the catalog once the servers are ready
 * @param secure      servers as in production: Kafka with SASL/SCRAM and ACLs (an operator super user), PostgreSQL
 *                    with scram-sha-256 passwords; their credentials are kept in {@link StackSecrets} of {@code home}
 * @param brokers     Kafka nodes: 1, or 3 as in production (replication factor 3, {@code min.insync.replicas} 2)
 * @param progress    receives one line per step (may be a no-op)
 */
public record StackOptions(
        Path home,
        Set<Component> components,
        boolean fresh,
        Map<String, Integer> ports,
        boolean failOnTakenPort,
        boolean quickStartJvm,
        boolean provision,
        boolean secure,
        int brokers,
        java.util.function.Consumer<String> progress) {

    public StackOptions {
        if (brokers != 1 && brokers != 3) {
            throw new IllegalArgumentException("Kafka runs with 1 or 3 brokers, not " + brokers);
        }
        if (secure && brokers != 1) {
            throw new IllegalArgumentException("A secured stack runs a single Kafka broker; 3 brokers run on a plain stack only");
        }
    }

    /** With a single Kafka broker. */
    public StackOptions(Path home, Set<Component> components, boolean fresh, Map<String, Integer> ports,
                        boolean failOnTakenPort, boolean quickStartJvm, boolean provision, boolean secure,
                        java.util.function.Consumer<String> progress) {
        this(home, components, fresh, ports, failOnTakenPort, quickStartJvm, provision, secure, 1, progress);
    }

    /** Defaults for a test JVM: every server on a free port, fresh data in {@code home}, quick-start JVMs, one broker. */
    public static StackOptions forTests(Path home, Set<Component> components) {
        return new StackOptions(home, EnumSet.copyOf(components), true, Map.of(), false, true, true, false, line -> { });
    }

    /** These options with {@code brokers} Kafka nodes (1 or 3). */
    public StackOptions withBrokers(int brokers) {
        return new StackOptions(home, components, fresh, ports, failOnTakenPort, quickStartJvm, provision, secure,
                brokers, progress);
    }

    /** Replicas of every catalog topic: production's 3 on three brokers, 1 on a single one. */
    public short replicationFactor() {
        return brokers == 1 ? 1 : TopicCatalog.REPLICATION_FACTOR;
    }

    /** {@code min.insync.replicas} of every topic: production's 2 on three brokers, 1 on a single one. */
    public int minInsyncReplicas() {
        return brokers == 1 ? 1 : TopicCatalog.MIN_INSYNC_REPLICAS;
    }

    /** The preferred port of a server, 0 for any free port. */
    public int port(String name) {
        return ports.getOrDefault(name, 0);
    }

    /** The Secret that holds the secured broker's operator password. */
    public static final String KAFKA_OPERATOR_SECRET = "kafka-operator";
    /** The secured broker's super user: the operator's client login, and the broker's own towards its controller. */
    public static final String KAFKA_OPERATOR = "operator";
    /** The Secret that holds PostgreSQL's administrator login (username, password). */
    public static final String POSTGRES_ADMIN_SECRET = "carbon254-postgres-admin";

    /** The operator's login of a secured stack, null for a plain one. */
    public KafkaCredentials kafkaOperator() {
        return secure ? new KafkaCredentials(KAFKA_OPERATOR, new StackSecrets(home).password(KAFKA_OPERATOR_SECRET,
                "password")) : null;
    }

    /** PostgreSQL's administrator password of a secured stack, null for a plain one. */
    public String postgresAdminPassword() {
        return secure ? new StackSecrets(home).password(POSTGRES_ADMIN_SECRET, "password") : null;
    }

    public boolean has(Component component) {
        return components.contains(component);
    }
}
