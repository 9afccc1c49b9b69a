package com.carbon254.projector;

import java.time.Duration;

import jakarta.inject.Inject;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * What the projector's {@code @QuarkusTest}s against the embedded stack share: where the servers are, the
 * application's pool and meters, and one Avro producer per test class (the real wire format).
 */
abstract class EmbeddedStackTest {

    @Inject
    Pool pool;

    @Inject
    MeterRegistry registry;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "carbon254.registry.url")
    String registryUrl;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @ConfigProperty(name = "quarkus.datasource.username")
    String dbUser;

    @ConfigProperty(name = "quarkus.datasource.password")
    String dbPassword;

    private static KafkaProducer<String, SpecificRecord> producer;

    @AfterAll
    static void closeProducer() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }

    KafkaProducer<String, SpecificRecord> producer() {
        if (producer == null) {
            producer = ProjectorTestSupport.avroProducer(bootstrap, registryUrl);
        }
        return producer;
    }

    /** A session of the test's own on the projector's database, to cause faults. */
    DatabaseFaults databaseFaults() throws java.sql.SQLException {
        return DatabaseFaults.connect(jdbcUrl, dbUser, dbPassword);
    }

    /** The first column of the first row, as a number. */
    long count(String sql) {
        return pool.query(sql).execute().await().atMost(Duration.ofSeconds(10)).iterator().next().getLong(0);
    }
}
