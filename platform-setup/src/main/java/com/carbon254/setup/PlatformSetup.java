package com.carbon254.setup;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.concurrent.Callable;

import com.carbon254.events.catalog.TopicCatalog;
import com.carbon254.setup.database.DatabaseRoles;
import com.carbon254.setup.registry.SchemaRegistrar;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar platform-setup.jar register-schemas | create-database-roles}: the platform's one-time setup steps,
 * as the Kubernetes Jobs run them (their arguments and environment are in the rendered manifests, and
 * {@code ./platform up --secure} runs this jar with exactly those). Exit code 0 when the step is done.
 */
@Command(name = "platform-setup", mixinStandardHelpOptions = true,
        subcommands = {PlatformSetup.RegisterSchemas.class, PlatformSetup.CreateDatabaseRoles.class},
        description = "One-time setup steps of the 254Carbon platform.")
public final class PlatformSetup {

    public static void main(String[] args) {
        System.exit(new CommandLine(new PlatformSetup()).execute(args));
    }

    /** Global rules, then every catalog topic's value schema (idempotent). */
    @Command(name = "register-schemas", mixinStandardHelpOptions = true,
            description = "Registers the catalog's schemas and the registry's global rules.")
    static final class RegisterSchemas implements Callable<Integer> {

        @Option(names = "--registry-url", required = true, description = "the registry's v3 API base URL")
        String registryUrl;

        @Override
        public Integer call() {
            ProvisioningReport report = new SchemaRegistrar(registryUrl).provision(TopicCatalog.topics());
            report.entries().forEach(entry -> System.out.println(entry));
            System.out.println("schemas: " + report.summary());
            return 0;
        }
    }

    /** The services' roles and grants ({@link DatabaseRoles}); passwords and names come from the environment. */
    @Command(name = "create-database-roles", mixinStandardHelpOptions = true,
            description = "Creates or updates the services' PostgreSQL roles and their grants.")
    static final class CreateDatabaseRoles implements Callable<Integer> {

        @Option(names = "--jdbc-url", required = true, description = "JDBC URL of the platform's database")
        String jdbcUrl;
        @Option(names = "--admin-user", defaultValue = "${env:POSTGRES_ADMIN_USER}", required = true)
        String adminUser;
        @Option(names = "--admin-password", defaultValue = "${env:POSTGRES_ADMIN_PASSWORD}", required = true,
                description = "defaults to the environment's POSTGRES_ADMIN_PASSWORD")
        String adminPassword;

        @Override
        public Integer call() throws Exception {
            try (Connection admin = DriverManager.getConnection(jdbcUrl, adminUser, adminPassword)) {
                DatabaseRoles roles = new DatabaseRoles(admin.getCatalog(),
                        role("DATASET_COMMAND"), role("PROJECTOR"), role("QUERY_API"));
                ProvisioningReport report = roles.apply(admin);
                report.entries().forEach(entry -> System.out.println(entry));
                return 0;
            }
        }

        /** {@code <SERVICE>_POSTGRES_USER} and {@code <SERVICE>_POSTGRES_PASSWORD} of the environment. */
        private static DatabaseRoles.Role role(String service) {
            String user = System.getenv(service + "_POSTGRES_USER");
            String password = System.getenv(service + "_POSTGRES_PASSWORD");
            if (user == null || password == null) {
                throw new CommandLine.ParameterException(new CommandLine(new CreateDatabaseRoles()),
                        service + "_POSTGRES_USER and " + service + "_POSTGRES_PASSWORD must be set");
            }
            return new DatabaseRoles.Role(user, password);
        }
    }
}
