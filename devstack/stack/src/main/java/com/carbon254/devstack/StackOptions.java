package com.carbon254.devstack;

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
        java.util.function.Consumer<String> progress) {

    /** Local single-broker settings: replication 1 and min.insync.replicas 1 instead of production's 3 and 2. */
    public static final int LOCAL_REPLICATION_FACTOR = 1;

    /** Defaults for a test JVM: every server on a free port, fresh data in {@code home}, quick-start JVMs. */
    public static StackOptions forTests(Path home, Set<Component> components) {
        return new StackOptions(home, EnumSet.copyOf(components), true, Map.of(), false, true, true, false, line -> { });
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
