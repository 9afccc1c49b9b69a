package com.carbon254.projector;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Faults a projection meets in a real PostgreSQL, caused from a session of the test's own: a lock its writes wait
 * for (a projection that makes no progress), and its transactions cut off while they wait
 * ({@code pg_terminate_backend}, as when the server restarts or a connection is lost).
 */
final class DatabaseFaults implements AutoCloseable {

    private final Connection session;

    private DatabaseFaults(Connection session) {
        this.session = session;
    }

    static DatabaseFaults connect(String jdbcUrl, String user, String password) throws SQLException {
        Connection session = DriverManager.getConnection(jdbcUrl, user, password);
        session.setAutoCommit(false);
        return new DatabaseFaults(session);
    }

    /** Holds a lock on {@code table} that every write to it waits for (reads go on) until {@link #release()}. */
    void lockTable(String table) throws SQLException {
        try (Statement statement = session.createStatement()) {
            statement.execute("LOCK TABLE " + table + " IN EXCLUSIVE MODE");
        }
    }

    /** The server processes waiting for a lock this session holds. */
    List<Integer> waiting() throws SQLException {
        List<Integer> pids = new ArrayList<>();
        try (Statement clear = session.createStatement()) {
            // The session's view of the server processes is a snapshot per transaction, and this one stays open.
            clear.execute("SELECT pg_stat_clear_snapshot()");
        }
        try (Statement statement = session.createStatement();
                ResultSet rows = statement.executeQuery("SELECT pid FROM pg_stat_activity "
                        + "WHERE pg_backend_pid() = ANY (pg_blocking_pids(pid))")) {
            while (rows.next()) {
                pids.add(rows.getInt(1));
            }
        }
        return pids;
    }

    /** Terminates the server processes waiting for this session's locks: their transactions fail, their connections close. */
    int terminateWaiting() throws SQLException {
        int terminated = 0;
        for (int pid : waiting()) {
            try (Statement statement = session.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT pg_terminate_backend(" + pid + ")")) {
                if (rows.next() && rows.getBoolean(1)) {
                    terminated++;
                }
            }
        }
        return terminated;
    }

    /** Releases the locks this session holds. */
    void release() throws SQLException {
        session.rollback();
    }

    @Override
    public void close() throws SQLException {
        session.rollback();
        session.close();
    }
}
