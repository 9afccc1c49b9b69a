package com.carbon254.events.runtime.serde;

import static com.carbon254.events.runtime.testing.SampleEvents.created;
import static com.carbon254.events.runtime.testing.SampleEvents.deleted;
import static com.carbon254.events.runtime.testing.SampleEvents.ingestion;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.carbon254.events.runtime.EventEnvelope;
import com.carbon254.events.runtime.json.JsonEnvelopeAndLimitsTest;
import com.carbon254.events.system.ServiceHealthEvent;

import com.carbon254.devstack.Component;
import com.carbon254.devstack.Endpoints;
import com.carbon254.devstack.testing.SharedStack;
import com.carbon254.events.catalog.TopicCatalog;
import com.carbon254.events.data.DataIngestionEvent;
import com.carbon254.events.data.DatasetCreatedEvent;
import com.carbon254.events.data.DatasetDeletedEvent;
import com.carbon254.events.data.Status;
import com.carbon254.events.runtime.testing.TopicProbe;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.apicurio.registry.serde.avro.AvroKafkaSerializer;

/**
 * The serde pair against the real broker and registry, without Quarkus: whatever a producer in any language writes
 * (our serializer, a Confluent client, raw JSON) reads back as the catalog's record.
 */
class PolyglotEventDeserializerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INGESTION = TopicCatalog.DATA_INGESTION.name();

    private static Endpoints endpoints;
    private static TopicProbe probe;
    private static KafkaProducer<String, SpecificRecord> catalogProducer;
    private static PolyglotEventDeserializer deserializer;

    @BeforeAll
    static void connect() {
        endpoints = SharedStack.get(EnumSet.of(Component.KAFKA, Component.REGISTRY)).endpoints();
        probe = new TopicProbe(endpoints.kafkaBootstrapServers());
        catalogProducer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, CatalogAvroSerializer.class.getName(),
                "apicurio.registry.url", endpoints.registryUrl()));
        deserializer = new PolyglotEventDeserializer();
        deserializer.configure(Map.of("apicurio.registry.url", endpoints.registryUrl()), false);
    }

    @AfterAll
    static void disconnect() {
        catalogProducer.close(Duration.ofSeconds(5));
        probe.close();
        deserializer.close();
    }

    @Test
    void readsWhatTheCatalogSerializerWroteOnSingleAndMultiTypeTopics() throws Exception {
        DataIngestionEvent ingestion = ingestion("ds-" + UUID.randomUUID());
        DatasetCreatedEvent created = created("ds-" + UUID.randomUUID());

        assertThat(readBack(catalogProducer.send(new ProducerRecord<>(INGESTION, ingestion.getDatasetName(), ingestion))
                .get(30, TimeUnit.SECONDS))).isEqualTo(ingestion);
        assertThat(readBack(catalogProducer.send(new ProducerRecord<>("data-events", created.getDatasetId(), created))
                .get(30, TimeUnit.SECONDS))).isEqualTo(created);
    }

    @Test
    void afterATopicsFirstRecordTheCatalogSerializerWritesExactlyWhatApicuriosWould() {
        // The first record of a topic goes through Apicurio; later ones are framed and encoded without it.
        Map<String, Object> config = Map.of("apicurio.registry.url", endpoints.registryUrl());
        String dataEvents = TopicCatalog.DATA_EVENTS.name();
        try (CatalogAvroSerializer ours = new CatalogAvroSerializer();
             AvroKafkaSerializer<SpecificRecord> apicurio = new AvroKafkaSerializer<>()) {
            ours.configure(config, false);
            apicurio.configure(CatalogAvroSerializer.effectiveConfig(config), false);
            for (int i = 0; i < 3; i++) {
                DataIngestionEvent ingestion = ingestion("ds-same-bytes-" + i);
                assertThat(ours.serialize(INGESTION, ingestion)).isEqualTo(apicurio.serialize(INGESTION, ingestion));
                String id = UUID.randomUUID().toString();
                for (SpecificRecord lifecycle : List.<SpecificRecord>of(created(id), deleted(id, 2))) {
                    assertThat(ours.serialize(dataEvents, lifecycle))
                            .as("%s on the multi-type topic", lifecycle.getSchema().getName())
                            .isEqualTo(apicurio.serialize(dataEvents, lifecycle));
                }
            }
            assertThat(ours.writesWithoutRegistry(INGESTION)).isTrue();
            assertThat(ours.writesWithoutRegistry(dataEvents)).isTrue();
        }
    }

    @Test
    void theCatalogSerializerRefusesAnEventOnAnotherTypesTopic() {
        DataIngestionEvent ingestion = ingestion("ds-wrong-topic");
        assertThatThrownBy(() -> catalogProducer.send(new ProducerRecord<>("data-events", "k", ingestion)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("A DataIngestion event does not belong on data-events");
    }

    @Test
    void readsConfluentFramedAvroWrittenWithANewerSchemaAnotherClientRegistered() throws Exception {
        // A Confluent client registers its own, evolved, version of the contract (an extra optional field) through the
        // Confluent-compatible API, and frames the bytes itself: magic byte, 4-byte id, Avro binary.
        ObjectNode schemaJson = (ObjectNode) JSON.readTree(DataIngestionEvent.getClassSchema().toString());
        ((ArrayNode) schemaJson.get("fields")).addObject().put("name", "pipeline")
                .put("doc", "Pipeline that ingested the batch.").putNull("default")
                .putArray("type").add("null").add("string");
        Schema newer = new Schema.Parser().parse(schemaJson.toString());
        int id = registerThroughConfluentApi(TopicCatalog.DATA_INGESTION.valueSubject(), newer);

        String dataset = "ds-" + UUID.randomUUID();
        GenericRecord foreign = new GenericData.Record(newer);
        foreign.put("eventId", "00000000-0000-4000-8000-0000000000c1");
        foreign.put("eventType", "DataIngestion");
        foreign.put("timestamp", 1_700_000_000_000L);
        foreign.put("source", "python-producer");
        foreign.put("version", "1");
        foreign.put("datasetName", dataset);
        foreign.put("recordCount", 5L);
        foreign.put("sizeBytes", 50L);
        foreign.put("format", "csv");
        foreign.put("location", "s3://x");
        foreign.put("status", new GenericData.EnumSymbol(newer.getField("status").schema(), "FAILURE"));
        foreign.put("metadata", Map.of("k", "v"));
        foreign.put("pipeline", "nightly");
        ByteArrayOutputStream framed = new ByteArrayOutputStream();
        framed.write(0);
        framed.write(ByteBuffer.allocate(4).putInt(id).array());
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(framed, null);
        new GenericDatumWriter<GenericRecord>(newer).write(foreign, encoder);
        encoder.flush();

        DataIngestionEvent read = (DataIngestionEvent) readBack(probe.send(INGESTION, dataset, framed.toByteArray(), Map.of()));

        assertThat(read.getEventId()).isEqualTo("00000000-0000-4000-8000-0000000000c1");
        assertThat(read.getTimestamp()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_000L));
        assertThat(read.getStatus()).isEqualTo(Status.FAILURE);
        assertThat(read.getMetadata()).isEqualTo(Map.of("k", "v"));
        assertThat(read.getDatasetName()).isEqualTo(dataset);
    }

    @Test
    void readsPlainJsonAsTheSeedsNodeProducerSendsIt() throws Exception {
        String dataset = "ds-" + UUID.randomUUID();
        String json = """
                {"eventId": "00000000-0000-4000-8000-0000000000a1", "timestamp": 1700000000000, "source": "node-producer", "datasetName": "%s",
                 "recordCount": 3, "sizeBytes": 30, "format": "json", "location": "s3://y", "status": "SUCCESS",
                 "metadata": {}}""".formatted(dataset);
        DataIngestionEvent read = (DataIngestionEvent) readBack(
                probe.send(INGESTION, dataset, json.getBytes(StandardCharsets.UTF_8), Map.of()));
        assertThat(read.getEventId()).isEqualTo("00000000-0000-4000-8000-0000000000a1");
        assertThat(read.getRecordCount()).isEqualTo(3L);
        assertThat(read.getStatus()).isEqualTo(Status.SUCCESS);

        // On data-events the JSON names its type.
        String deleted = """
                {"eventType": "DatasetDeleted", "eventId": "00000000-0000-4000-8000-0000000000a2", "timestamp": "2025-10-22T12:00:00Z",
                 "source": "node-producer", "datasetId": "ds-9", "datasetVersion": 4, "name": "n", "deletedBy": "bob"}""";
        assertThat(readBack(probe.send("data-events", "ds-9", deleted.getBytes(StandardCharsets.UTF_8), Map.of())))
                .isInstanceOfSatisfying(DatasetDeletedEvent.class, e -> assertThat(e.getDatasetVersion()).isEqualTo(4L));
    }

    @Test
    void readsTheNodeProducersServiceHealthEventExactlyAsWrittenAndRefusesOneBeyondTheLimits() throws Exception {
        String service = "superset-" + UUID.randomUUID();
        String exact = JsonEnvelopeAndLimitsTest.nodeProducerEvent(UUID.randomUUID().toString(), service);

        ServiceHealthEvent read = (ServiceHealthEvent) readBack(probe.send(TopicCatalog.SYSTEM_HEALTH.name(), service,
                exact.getBytes(StandardCharsets.UTF_8), Map.of()));

        assertThat(read.getServiceName()).isEqualTo(service);
        assertThat(read.getSource()).isEqualTo(EventEnvelope.UNATTRIBUTED_SOURCE);
        assertThat(read.getEventType()).isEqualTo("ServiceHealth");
        String oversized = JsonEnvelopeAndLimitsTest.nodeProducerEvent(UUID.randomUUID().toString(), "x".repeat(6000));
        assertThatThrownBy(() -> deserializer.deserialize(TopicCatalog.SYSTEM_HEALTH.name(),
                oversized.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("serviceName: at most 255 characters");
    }

    @Test
    void anythingElseFailsWithAPreciseReason() {
        assertThatThrownBy(() -> deserializer.deserialize(INGESTION, "garbage!".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class)
                .hasMessage("Value on data-ingestion is neither registry-framed Avro (it starts with 0x67, not the magic"
                        + " byte 0x00) nor a JSON object (8 bytes)");
        assertThatThrownBy(() -> deserializer.deserialize(INGESTION, new byte[] {0, 0x7f, 0, 0, 1, 2}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("knows no Avro schema with id 2130706433");
        assertThatThrownBy(() -> deserializer.deserialize(INGESTION, new byte[] {0, 1}))
                .hasMessageContaining("too short for the 5-byte registry framing");
        assertThatThrownBy(() -> deserializer.deserialize(INGESTION, "{\"eventId\": 1".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("is not valid JSON");
        assertThatThrownBy(() -> deserializer.deserialize(INGESTION,
                "{\"eventId\": \"x\", \"status\": \"MAYBE\"}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("JSON value on data-ingestion breaks the contract")
                .hasMessageContaining("status: unknown symbol 'MAYBE'; allowed: SUCCESS, FAILURE, PARTIAL")
                .hasMessageContaining("datasetName: required field is missing");
        assertThatThrownBy(() -> deserializer.deserialize("not-a-catalog-topic", "{}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("not in the topic catalog");
        assertThat(deserializer.deserialize(INGESTION, null)).as("a tombstone").isNull();
    }

    @Test
    void asksTheRegistryThroughItsV3Api() {
        // The SDK would append its own path to a Confluent-compatible URL and then find no id at all.
        assertThatThrownBy(() -> new PolyglotEventDeserializer().configure(
                Map.of("apicurio.registry.url", endpoints.registryCcompatUrl()), false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is the Confluent-compatible API");
    }

    /** Reads the record at that position through a Kafka consumer configured with the polyglot deserializer. */
    private static SpecificRecord readBack(RecordMetadata written) {
        TopicPartition partition = new TopicPartition(written.topic(), written.partition());
        try (KafkaConsumer<String, SpecificRecord> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, PolyglotEventDeserializer.class.getName(),
                "apicurio.registry.url", endpoints.registryUrl()))) {
            consumer.assign(List.of(partition));
            consumer.seek(partition, written.offset());
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, SpecificRecord> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.offset() == written.offset()) {
                        return record.value();
                    }
                }
            }
        }
        throw new AssertionError("Nothing read at " + written);
    }

    private static int registerThroughConfluentApi(String subject, Schema schema) throws Exception {
        String body = JSON.createObjectNode().put("schema", schema.toString()).toString();
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(endpoints.registryCcompatUrl() + "/subjects/" + subject + "/versions"))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).path("id").asInt();
    }
}
