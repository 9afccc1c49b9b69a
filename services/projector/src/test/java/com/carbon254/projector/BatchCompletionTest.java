package com.carbon254.projector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.carbon254.devstack.testing.EmbeddedStackResource;
import com.carbon254.events.catalog.EventType;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

/**
 * After each committed batch the projector counts what it consumed and mirrors its stored positions to Kafka, so that
 * the broker's view of its consumer groups (Kafka Exporter, {@code KafkaConsumerLag}, other services' watched groups)
 * moves with it.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedStackResource.class)
class BatchCompletionTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    Pool pool;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "carbon254.registry.url")
    String registryUrl;

    @Test
    void consumedEventsAreCountedAndTheKafkaCommittedOffsetsFollowTheStoredPositions() throws Exception {
        double consumedBefore = consumed();
        // Where each event landed: the partitions whose positions must move, in PostgreSQL and then in Kafka.
        Map<Integer, Long> written = new HashMap<>();
        try (KafkaProducer<String, SpecificRecord> producer = ProjectorTestSupport.avroProducer(bootstrap, registryUrl)) {
            for (SpecificRecord event : List.of(TestEvents.created("m-offsets-1", "team-m"),
                    TestEvents.created("m-offsets-2", "team-m"), TestEvents.updated("m-offsets-1", 2, "team-n"))) {
                EventType type = EventType.of(event);
                RecordMetadata stored = producer.send(new ProducerRecord<>(type.topic().name(), type.keyOf(event), event)).get();
                written.merge(stored.partition(), stored.offset() + 1, Math::max);
            }
        }
        await().atMost(WAIT).untilAsserted(() -> written.forEach((partition, next) ->
                assertThat(storedPositions().getOrDefault(partition, 0L)).isGreaterThanOrEqualTo(next)));
        await().atMost(WAIT).untilAsserted(() -> assertThat(consumed()).isGreaterThanOrEqualTo(consumedBefore + 3));
        assertThat(io.restassured.RestAssured.get("/q/metrics").asString())
                .contains("carbon254_events_processing_seconds_bucket{channel=\"data-events\"");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            await().atMost(WAIT).untilAsserted(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("projector-datasets")
                        .partitionsToOffsetAndMetadata().get();
                Map<Integer, Long> kafka = new HashMap<>();
                committed.forEach((partition, offset) -> {
                    if (partition.topic().equals("data-events")) {
                        kafka.put(partition.partition(), offset.offset());
                    }
                });
                Map<Integer, Long> stored = storedPositions();
                written.keySet().forEach(partition -> assertThat(kafka.get(partition))
                        .as("Kafka's committed offset of partition %d equals the position stored with the read model", partition)
                        .isEqualTo(stored.get(partition)));
            });
        }
    }

    /**
     * carbon254_events_consumed_total of the data-events channel, every event type (these test records carry no
     * eventType header: {@code unknown}), as Prometheus scrapes it.
     */
    private static double consumed() {
        String prefix = "carbon254_events_consumed_total{channel=\"data-events\",";
        return io.restassured.RestAssured.get("/q/metrics").asString().lines()
                .filter(l -> l.startsWith(prefix) && l.contains("outcome=\"processed\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private Map<Integer, Long> storedPositions() {
        Map<Integer, Long> positions = new HashMap<>();
        for (Row row : pool.query("SELECT kafka_partition, next_offset FROM read_model.projection_position"
                + " WHERE projection = 'datasets' AND topic = 'data-events'").execute().await().atMost(WAIT)) {
            positions.put(row.getInteger("kafka_partition"), row.getLong("next_offset"));
        }
        return positions;
    }
}
