package com.carbon254.devstack;

/** The servers the embedded stack can run. Each is a real server in a JVM of its own. */
public enum Component {
    /** Apache Kafka broker in KRaft mode (broker and controller in one process). */
    KAFKA("kafka"),
    /** Apicurio Registry, with its native v3 API and the Confluent-compatible API. */
    REGISTRY("registry"),
    /** PostgreSQL 15. */
    POSTGRES("postgres"),
    /** A search node speaking the Elasticsearch REST API (OpenSearch). */
    SEARCH("search");

    private final String id;

    Component(String id) {
        this.id = id;
    }

    /** The short name used in logs, pid files and the {@code components} test-resource argument. */
    public String id() {
        return id;
    }

    public static Component byId(String id) {
        for (Component c : values()) {
            if (c.id.equalsIgnoreCase(id.trim())) {
                return c;
            }
        }
        throw new IllegalArgumentException("Unknown component '" + id + "'; known: kafka, registry, postgres, search");
    }
}
