package com.carbon254.devstack.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

/** A real PostgreSQL 15 server, owned by a small JVM of its own that stops the postmaster on exit. */
public final class PostgresServer implements AutoCloseable {

    public static final String DATABASE = "carbon254";
    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";

    private static final Pattern READY = Pattern.compile("^POSTGRES_READY (\\d+)");

    private final ServerProcess process;
    private final int port;

    private PostgresServer(ServerProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts the server. With an {@code adminPassword}, password authentication (scram-sha-256) is required of every
     * connection, the administrator's included; without, local connections are trusted.
     */
    public static PostgresServer start(Path dataDir, Path home, int port, String adminPassword) {
        JavaCommand command = JavaCommand.main("com.carbon254.devstack.postgres.PostgresServerMain")
                .classpath(ServerClasspath.of("postgres"))
                .heap("256m")
                .quickStart(true)
                .args("--port", Integer.toString(port), "--data", dataDir.toAbsolutePath().toString(),
                        "--database", DATABASE);
        // The password goes through the environment, not the command line that ps shows.
        ServerProcess process = ServerProcess.start("postgres", command.build(), home, adminPassword == null
                ? Map.of("POSTGRES_PASSWORD", PASSWORD)
                : Map.of("POSTGRES_PASSWORD", adminPassword, "POSTGRES_AUTH", "scram-sha-256"));
        int actual = Integer.parseInt(process.awaitLine(READY, Duration.ofMinutes(2)).group(1));
        return new PostgresServer(process, actual);
    }

    public int port() {
        return port;
    }

    public ServerProcess process() {
        return process;
    }

    @Override
    public void close() {
        process.close();
    }
}
