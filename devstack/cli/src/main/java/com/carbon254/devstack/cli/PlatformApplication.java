package com.carbon254.devstack.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The platform's own applications that {@code ./platform up} starts once the servers are ready, each only if
 * its module exists and is built. One place names them, their preferred port and their endpoint key.
 *
 * @param module      module folder relative to the repository root
 * @param endpointKey key of its base URL in {@code .platform/endpoints.env} (null: no HTTP endpoint)
 * @param port        preferred HTTP port
 * @param readsEndpoints whether it is given the endpoints of everything started before it (the console reads the
 *                    other services' APIs), as system properties named like the keys of {@code endpoints.env}
 */
public record PlatformApplication(String module, String endpointKey, int port, boolean readsEndpoints) {

    public PlatformApplication(String module, String endpointKey, int port) {
        this(module, endpointKey, port, false);
    }

    /** Every application module of the platform, in start order. */
    public static final List<PlatformApplication> ALL = List.of(
            new PlatformApplication("services/event-gateway", "GATEWAY_URL", 8082),
            new PlatformApplication("services/dataset-command", "COMMAND_URL", 8083),
            new PlatformApplication("services/projector", "PROJECTOR_URL", 8085),
            new PlatformApplication("services/query-api", "QUERY_URL", 8084),
            new PlatformApplication("services/console", "CONSOLE_URL", 8086, true));

    /** Short name for logs and tables: the module's folder name. */
    public String name() {
        return Path.of(module).getFileName().toString();
    }

    /** The Quarkus fast-jar runner of this application under {@code root}. */
    public Path runner(Path root) {
        return root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    }

    /** Whether the module is part of this checkout. */
    public boolean exists(Path root) {
        return Files.isRegularFile(root.resolve(module).resolve("pom.xml"));
    }
}
