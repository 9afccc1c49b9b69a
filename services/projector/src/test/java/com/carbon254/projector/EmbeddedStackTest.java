package com.carbon254.projector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;

import com.carbon254.events.runtime.DeadLetters;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

/**
 * What the projector's {@code @QuarkusTest}s against the embedded stack share: where the servers are, the
 * application's pool and meters, and one Avro producer per test class (the real wire format).
 */
abstract class EmbeddedStackTest {

    /** Bytes no deserializer of the platform reads. */
    static final byte[] GARBAGE = "{not an event".getBytes(StandardCharsets.UTF_8);

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

    /** Runs a statement on the projector's database (to damage rows a test then sees rebuilt). */
    void execute(String sql) {
        pool.query(sql).execute().await().atMost(Duration.ofSeconds(10));
    }

    /** The first column of the first row, as a number. */
    long count(String sql) {
        return pool.query(sql).execute().await().atMost(Duration.ofSeconds(10)).iterator().next().getLong(0);
    }

    /** The one row a query answers. */
    Row one(String sql) {
        Row row = optional(sql);
        assertThat(row).as(sql).isNotNull();
        return row;
    }

    /** The first row a query answers, or null. */
    Row optional(String sql) {
        var rows = pool.query(sql).execute().await().atMost(Duration.ofSeconds(10));
        return rows.iterator().hasNext() ? rows.iterator().next() : null;
    }

    /** The first column of every row, as text. */
    List<String> strings(String sql) {
        List<String> values = new ArrayList<>();
        pool.query(sql).execute().await().atMost(Duration.ofSeconds(10)).forEach(r -> values.add(r.getString(0)));
        return values;
    }

    /** A record no consumer can read, written straight to a topic. */
    void poison(String topic, String key) throws Exception {
        try (KafkaProducer<String, byte[]> raw = ProjectorTestSupport.rawProducer(bootstrap)) {
            raw.send(new ProducerRecord<>(topic, key, GARBAGE)).get();
        }
    }

    /** A record with this key is on the dead-letter topic with a reason that says {@code reasonPart}. */
    void awaitDeadLetter(String dlqTopic, String key, String reasonPart) {
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            List<String> reasons = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> dead : ProjectorTestSupport.readAll(bootstrap, dlqTopic)) {
                var reason = dead.headers().lastHeader(DeadLetters.REASON);
                if (dead.key() != null && new String(dead.key(), StandardCharsets.UTF_8).equals(key) && reason != null) {
                    reasons.add(new String(reason.value(), StandardCharsets.UTF_8));
                }
            }
            assertThat(reasons).anySatisfy(r -> assertThat(r).contains(reasonPart));
        });
    }
}
