package com.carbon254.devstack.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** A real PostgreSQL 15 server, owned by a small JVM of its own that stops the postmaster on exit. */
public final class PostgresServer extends RestartableServer {

    public static final String DATABASE = "carbon254";
    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";

    private static final Pattern READY = Pattern.compile("^POSTGRES_READY (\\d+)");

    private final Path dataDir;
    private final Path home;
    private final int port;
    private final String adminPassword;

    private PostgresServer(Path dataDir, Path home, int port, String adminPassword) {
        this.dataDir = dataDir.toAbsolutePath();
        this.home = home;
        this.port = port;
        this.adminPassword = adminPassword;
    }

    /**
     * Starts the server. With an {@code adminPassword}, password authentication (scram-sha-256) is required of every
     * connection, the administrator's included; without, local connections are trusted.
     */
    public static PostgresServer start(Path dataDir, Path home, int port, String adminPassword) {
        PostgresServer server = new PostgresServer(dataDir, home, port, adminPassword);
        server.launch();
        return server;
    }

    @Override
    protected ServerProcess spawn() {
        JavaCommand command = JavaCommand.main("com.carbon254.devstack.postgres.PostgresServerMain")
                .classpath(ServerClasspath.of("postgres"))
                .heap("256m")
                .quickStart(true)
                .args("--port", Integer.toString(port), "--data", dataDir.toString(), "--database", DATABASE);
        // The password goes through the environment, not the command line that ps shows.
        return ServerProcess.start("postgres", command.build(), home, adminPassword == null
                ? Map.of("POSTGRES_PASSWORD", PASSWORD)
                : Map.of("POSTGRES_PASSWORD", adminPassword, "POSTGRES_AUTH", "scram-sha-256"));
    }

    @Override
    protected void awaitReady(ServerProcess process) {
        process.awaitLine(READY, Duration.ofMinutes(2));
    }

    /**
     * SIGKILL of the owning JVM and of the postmaster with its backends: {@code pg_ctl} detaches the postmaster from
     * the JVM, so it is found through its {@code postmaster.pid}. The next start recovers from the write-ahead log.
     */
    @Override
    public synchronized void kill() {
        Optional<ProcessHandle> postmaster = postmaster();
        super.kill();
        postmaster.ifPresent(ServerProcess::killTree);
    }

    private Optional<ProcessHandle> postmaster() {
        try {
            Path pidFile = dataDir.resolve("postmaster.pid");
            if (!Files.isRegularFile(pidFile)) {
                return Optional.empty();
            }
            // A stale file's pid may belong to another process by now: only a postgres is killed.
            return ProcessHandle.of(Long.parseLong(Files.readAllLines(pidFile).getFirst().trim()))
                    .filter(handle -> handle.info().command().map(c -> c.endsWith("postgres")).orElse(false));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    public int port() {
        return port;
    }
}
