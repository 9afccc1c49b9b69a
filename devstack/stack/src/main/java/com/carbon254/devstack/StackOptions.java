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
        java.util.function.Consumer<String> progress) {

    /** Local single-broker settings: replication 1 and min.insync.replicas 1 instead of production's 3 and 2. */
    public static final int LOCAL_REPLICATION_FACTOR = 1;

    /** Defaults for a test JVM: every server on a free port, fresh data in {@code home}, quick-start JVMs. */
    public static StackOptions forTests(Path home, Set<Component> components) {
        return new StackOptions(home, EnumSet.copyOf(components), true, Map.of(), false, true, true, line -> { });
    }

    /** The preferred port of a server, 0 for any free port. */
    public int port(String name) {
        return ports.getOrDefault(name, 0);
    }

    public boolean has(Component component) {
        return components.contains(component);
    }
}
