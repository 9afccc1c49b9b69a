package com.carbon254.setup.database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import com.carbon254.setup.ProvisioningReport;

/**
 * The services' PostgreSQL roles, each with only what its service needs, created (or brought up to date) by an
 * administrator connection. Idempotent: the Kubernetes Job {@code carbon254-postgres-roles} and
 * {@code ./platform up --secure} run it at every deployment.
 *
 * <ul>
 * <li><b>dataset-command</b> owns schema {@value #COMMAND_SCHEMA} (its Flyway migrations, the write model and the
 *     outbox) and nothing else;</li>
 * <li><b>projector</b> owns schema {@value #READ_MODEL_SCHEMA}: its migrations, and the DDL it runs while serving
 *     (a rebuild creates and renames tables; the audit trail creates and drops monthly partitions) need ownership;</li>
 * <li><b>query-api</b> may only read {@value #READ_MODEL_SCHEMA}: SELECT on its tables, now and on every table the
 *     projector creates later (default privileges), and no write anywhere.</li>
 * </ul>
 * Nobody else may connect to the database, and nobody may create objects in schema {@code public}.
 *
 * @param database       the platform's database
 * @param datasetCommand the role of dataset-command
 * @param projector      the role of the projector
 * @param queryApi       the role of query-api
 */
public record DatabaseRoles(String database, Role datasetCommand, Role projector, Role queryApi) {

    /** The dataset command side's schema. */
    public static final String COMMAND_SCHEMA = "dataset_command";
    /** The read models' schema. */
    public static final String READ_MODEL_SCHEMA = "read_model";

    /** A login role and its password (stored as a SCRAM-SHA-256 verifier). */
    public record Role(String name, String password) {
        public Role {
            Objects.requireNonNull(name, "role name");
            Objects.requireNonNull(password, "password of " + name);
            if (!name.matches("[a-z_][a-z0-9_]*")) {
                throw new IllegalArgumentException("role name " + name + " is not a plain lower-case identifier");
            }
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** Creates or updates every role and grant over an administrator's connection, in one transaction. */
    public ProvisioningReport apply(Connection admin) throws SQLException {
        ProvisioningReport report = new ProvisioningReport();
        boolean autoCommit = admin.getAutoCommit();
        admin.setAutoCommit(false);
        try (Statement sql = admin.createStatement()) {
            sql.execute("SET LOCAL password_encryption = 'scram-sha-256'");
            for (Role role : List.of(datasetCommand, projector, queryApi)) {
                boolean exists = roleExists(admin, role.name());
                sql.execute((exists ? "ALTER ROLE " : "CREATE ROLE ") + role.name() + " WITH LOGIN NOSUPERUSER "
                        + "NOCREATEDB NOCREATEROLE NOINHERIT PASSWORD " + literal(role.password()));
                report.add("role " + role.name(), exists ? ProvisioningReport.Action.UNCHANGED
                        : ProvisioningReport.Action.CREATED, exists ? "password set" : "login");
            }
            for (String statement : grants()) {
                sql.execute(statement);
            }
            admin.commit();
            report.add("grants", ProvisioningReport.Action.UNCHANGED, grants().size() + " statements applied");
            return report;
        } catch (SQLException e) {
            admin.rollback();
            throw e;
        } finally {
            admin.setAutoCommit(autoCommit);
        }
    }

    /** The statements that put schemas, ownership and privileges in place (roles exist by then). */
    public List<String> grants() {
        String db = "\"" + database.replace("\"", "\"\"") + "\"";
        List<String> sql = new ArrayList<>();
        sql.add("REVOKE ALL ON DATABASE " + db + " FROM PUBLIC");
        sql.add("GRANT CONNECT, TEMPORARY ON DATABASE " + db + " TO " + datasetCommand + ", " + projector + ", "
                + queryApi);
        sql.add("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
        sql.add("CREATE SCHEMA IF NOT EXISTS " + COMMAND_SCHEMA + " AUTHORIZATION " + datasetCommand);
        sql.add("ALTER SCHEMA " + COMMAND_SCHEMA + " OWNER TO " + datasetCommand);
        sql.add("CREATE SCHEMA IF NOT EXISTS " + READ_MODEL_SCHEMA + " AUTHORIZATION " + projector);
        sql.add("ALTER SCHEMA " + READ_MODEL_SCHEMA + " OWNER TO " + projector);
        sql.add("GRANT USAGE ON SCHEMA " + READ_MODEL_SCHEMA + " TO " + queryApi);
        sql.add("GRANT SELECT ON ALL TABLES IN SCHEMA " + READ_MODEL_SCHEMA + " TO " + queryApi);
        sql.add("ALTER DEFAULT PRIVILEGES FOR ROLE " + projector + " IN SCHEMA " + READ_MODEL_SCHEMA
                + " GRANT SELECT ON TABLES TO " + queryApi);
        return sql;
    }

    private static boolean roleExists(Connection admin, String name) throws SQLException {
        try (PreparedStatement query = admin.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
            query.setString(1, name);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    /** A string literal (ALTER ROLE takes no parameters). */
    private static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
