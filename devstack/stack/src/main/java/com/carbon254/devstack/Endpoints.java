package com.carbon254.devstack;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the servers of a running stack listen. A component that is not running has {@code null} fields.
 *
 * <p>The two views of this record are the one place that names the configuration keys: {@link #asEnv()}
 * is what {@code .platform/endpoints.env} holds, {@link #asQuarkusConfig()} is what a Quarkus service
 * (under test or started by {@code ./platform up}) is configured with.
 */
public record Endpoints(
        String kafkaBootstrapServers,
        String registryUrl,
        String registryCcompatUrl,
        String postgresHost,
        Integer postgresPort,
        String postgresDatabase,
        String postgresUser,
        String postgresPassword,
        String searchUrl) {

    /** The JDBC URL of the platform database, or null without PostgreSQL. */
    public String postgresJdbcUrl() {
        return postgresPort == null ? null
                : "jdbc:postgresql://" + postgresHost + ":" + postgresPort + "/" + postgresDatabase;
    }

    /** The Vert.x reactive client URL of the platform database, or null without PostgreSQL. */
    public String postgresReactiveUrl() {
        return postgresPort == null ? null
                : "postgresql://" + postgresHost + ":" + postgresPort + "/" + postgresDatabase;
    }

    /** {@code host:port} of the search node, as {@code quarkus.elasticsearch.hosts} wants it. */
    public String searchHostAndPort() {
        return searchUrl == null ? null : searchUrl.replaceFirst("^https?://", "").replaceAll("/+$", "");
    }

    /** KEY=VALUE pairs for {@code .platform/endpoints.env}, in a stable order. */
    public Map<String, String> asEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        put(env, "KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrapServers);
        put(env, "REGISTRY_URL", registryUrl);
        put(env, "REGISTRY_CCOMPAT_URL", registryCcompatUrl);
        put(env, "POSTGRES_JDBC_URL", postgresJdbcUrl());
        put(env, "POSTGRES_USER", postgresPort == null ? null : postgresUser);
        put(env, "POSTGRES_PASSWORD", postgresPort == null ? null : postgresPassword);
        put(env, "SEARCH_URL", searchUrl);
        return env;
    }

    /** Quarkus configuration properties that point a service at these servers. */
    public Map<String, String> asQuarkusConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        put(config, "kafka.bootstrap.servers", kafkaBootstrapServers);
        put(config, "mp.messaging.connector.smallrye-kafka.apicurio.registry.url", registryUrl);
        put(config, "carbon254.registry.url", registryUrl);
        put(config, "carbon254.registry.ccompat-url", registryCcompatUrl);
        if (postgresPort != null) {
            config.put("quarkus.datasource.reactive.url", postgresReactiveUrl());
            config.put("quarkus.datasource.jdbc.url", postgresJdbcUrl());
            config.put("quarkus.datasource.username", postgresUser);
            config.put("quarkus.datasource.password", postgresPassword);
        }
        put(config, "quarkus.elasticsearch.hosts", searchHostAndPort());
        put(config, "carbon254.search.url", searchUrl);
        return config;
    }

    private static void put(Map<String, String> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
