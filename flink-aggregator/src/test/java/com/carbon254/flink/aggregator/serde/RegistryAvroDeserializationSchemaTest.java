package com.carbon254.flink.aggregator.serde;

import com.carbon254.events.catalog.TopicCatalog;
import com.carbon254.events.data.DataIngestionAggregatedEvent;
import com.carbon254.events.data.DataIngestionEvent;
import com.carbon254.events.runtime.serde.RegistrySchemas;
import com.carbon254.flink.aggregator.Aggregations;
import com.carbon254.flink.aggregator.pipeline.DeadLetters;
import com.carbon254.flink.aggregator.pipeline.SourceRecord;
import com.carbon254.flink.aggregator.pipeline.WindowedAggregation;
import com.carbon254.flink.aggregator.support.Events;
import com.carbon254.flink.aggregator.support.TestStack;
import com.carbon254.flink.aggregator.support.Wire;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The job's serde against the real registry: ids, writer-schema resolution, and what is not decodable. */
class RegistryAvroDeserializationSchemaTest {

    private static SourceRecord<DataIngestionEvent> decode(RegistrySchemas registry, byte[] value)
            throws Exception {
        return new RegistryAvroDeserializationSchema<>(DataIngestionEvent.class, registry)
                .decodeInto(new SourceRecord<>("data-ingestion", 0, 0, 0, null, value));
    }

    @Test
    void decodesAConfluentFramedRecordWithItsSchemaFromTheRegistry() throws Exception {
        DataIngestionEvent event = Events.ingestion("orders", Instant.parse("2030-01-01T00:00:00Z").toEpochMilli());
        // The id as a Confluent client sees it (the Confluent-compatible API), read through the v3 API.
        byte[] value = Wire.encode(event, Wire.schemaId("data-ingestion-value"));
        SourceRecord<DataIngestionEvent> decoded = decode(RegistrySchemas.at(TestStack.registryUrl()), value);
        assertThat(decoded.getFailure()).isNull();
        assertThat(decoded.getEvent()).isEqualTo(event);
    }

    @Test
    void looksUpTheRegisteredIdOfTheOutputSchemaByContent() {
        int expected = Wire.schemaId(TopicCatalog.DATA_INGESTION_AGGREGATED.valueSubject());
        RegistrySchemas registry = RegistrySchemas.at(TestStack.registryUrl());
        WindowedAggregation<?, ?, ?, ?> ingestion = Aggregations.ingestion();
        assertThat(ingestion.outputSchemaId(registry)).isEqualTo(expected);
        // Formatting does not matter (canonical comparison) ...
        Schema schema = DataIngestionAggregatedEvent.getClassSchema();
        assertThat(registry.contentIdOf("data-ingestion-aggregated-value",
                new Schema.Parser().parse(schema.toString(true)))).hasValue(expected);
        // ... but a schema that is not registered is not found, and never registered.
        int versions = Wire.versions("data-ingestion-aggregated-value");
        assertThat(registry.contentIdOf("data-ingestion-aggregated-value", DataIngestionEvent.getClassSchema()))
                .isEmpty();
        assertThat(Wire.versions("data-ingestion-aggregated-value")).isEqualTo(versions);
    }

    @Test
    void anUnreachableRegistryIsAnErrorNotAnUndecodableRecord() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        byte[] value = Wire.encode(Events.ingestion("orders", 0), Wire.schemaId("data-ingestion-value"));
        RegistrySchemas unreachable = RegistrySchemas.at("http://127.0.0.1:" + closedPort + "/apis/registry/v3");
        assertThatThrownBy(() -> decode(unreachable, value)).isInstanceOf(IOException.class)
                .hasMessageContaining("127.0.0.1:" + closedPort);
    }

    @Test
    void resolvesAnOlderWriterSchemaToTheClassSchema() throws Exception {
        // A producer still on a schema without correlationId/causationId/eventType/version (all defaulted now).
        Schema writer = SchemaBuilder.record("DataIngestionEvent").namespace("com.carbon254.events.data").fields()
                .requiredString("eventId")
                .name("timestamp").type(org.apache.avro.LogicalTypes.timestampMillis()
                        .addToSchema(Schema.create(Schema.Type.LONG))).noDefault()
                .requiredString("source")
                .requiredString("datasetName")
                .requiredLong("recordCount")
                .requiredLong("sizeBytes")
                .requiredString("format")
                .requiredString("location")
                .name("status").type().enumeration("Status").symbols("SUCCESS", "FAILURE", "PARTIAL").noDefault()
                .name("metadata").type().map().values().stringType().noDefault()
                .endRecord();
        int id = register("flink-aggregator-test-" + UUID.randomUUID(), writer);

        GenericRecord old = new GenericData.Record(writer);
        old.put("eventId", "e-1");
        old.put("timestamp", 1_000L);
        old.put("source", "legacy");
        old.put("datasetName", "orders");
        old.put("recordCount", 3L);
        old.put("sizeBytes", 30L);
        old.put("format", "csv");
        old.put("location", "s3://x");
        old.put("status", new GenericData.EnumSymbol(writer.getField("status").schema(), "PARTIAL"));
        old.put("metadata", Map.of());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(ByteBuffer.allocate(5).put((byte) 0).putInt(id).array());
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(writer).write(old, encoder);
        encoder.flush();

        DataIngestionEvent event = decode(RegistrySchemas.at(TestStack.registryUrl()), out.toByteArray())
                .getEvent();
        assertThat(event.getDatasetName()).isEqualTo("orders");
        assertThat(event.getTimestamp()).isEqualTo(Instant.ofEpochMilli(1_000));
        assertThat(event.getEventType()).isEqualTo("DataIngestion");
        assertThat(event.getVersion()).isEqualTo("1");
        assertThat(event.getCorrelationId()).isNull();
        assertThat(event.getStatus().name()).isEqualTo("PARTIAL");
    }

    @Test
    void readsAJsonRecordAsEveryPlatformConsumerDoes() throws Exception {
        RegistrySchemas registry = RegistrySchemas.at(TestStack.registryUrl());
        String json = """
                {"eventId": "0b9f3c1e-6f2a-4c7e-9a51-2d8f1c0e7b44", "timestamp": 1700000000000, "source": "node-ingest",
                 "datasetName": "orders", "recordCount": 12, "sizeBytes": 4096, "format": "json",
                 "location": "s3://lake/orders", "status": "SUCCESS", "metadata": {}}""";

        DataIngestionEvent event = decode(registry, json.getBytes(StandardCharsets.UTF_8)).getEvent();

        assertThat(event.getDatasetName()).isEqualTo("orders");
        assertThat(event.getRecordCount()).isEqualTo(12L);
        assertThat(event.getEventType()).isEqualTo("DataIngestion");
        SourceRecord<DataIngestionEvent> oversized = decode(registry,
                json.replace("\"orders\"", "\"" + "o".repeat(6000) + "\"").getBytes(StandardCharsets.UTF_8));
        assertThat(oversized.getFailure()).isEqualTo(DeadLetters.INVALID_JSON);
        assertThat(oversized.getFailureDetail()).contains("datasetName: at most 255 characters");
    }

    @Test
    void whatCannotBeDecodedIsMarkedWithAReason() throws Exception {
        RegistrySchemas registry = RegistrySchemas.at(TestStack.registryUrl());
        byte[] valid = Wire.encode(Events.ingestion("orders", 0), Wire.schemaId("data-ingestion-value"));
        byte[] otherType = Wire.encode(Events.quality("orders", 0, "c", true,
                com.carbon254.events.data.QualitySeverity.INFO), Wire.schemaId("data-quality-value"));

        assertThat(decode(registry, null).getFailure()).isEqualTo(DeadLetters.EMPTY_VALUE);
        assertThat(decode(registry, "not avro at all".getBytes()).getFailure()).isEqualTo(DeadLetters.BAD_FRAMING);
        assertThat(decode(registry, new byte[] {0, 0x7f, 0, 0, 1, 2, 3}).getFailure())
                .isEqualTo(DeadLetters.UNKNOWN_SCHEMA);
        assertThat(decode(registry, Arrays.copyOf(valid, valid.length / 2)).getFailure())
                .isEqualTo(DeadLetters.UNDECODABLE);
        SourceRecord<DataIngestionEvent> wrongType = decode(registry, otherType);
        assertThat(wrongType.getFailure()).isEqualTo(DeadLetters.UNDECODABLE);
        assertThat(wrongType.getFailureDetail()).contains("DataIngestionEvent");
    }

    private static int register(String artifactId, Schema schema) throws Exception {
        String body = "{\"artifactId\":\"" + artifactId + "\",\"artifactType\":\"AVRO\",\"firstVersion\":{\"content\":"
                + "{\"content\":" + new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(schema.toString())
                + ",\"contentType\":\"application/json\"}}}";
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(TestStack.registryUrl() + "/groups/default/artifacts"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body())
                .path("version").path("contentId").asInt();
    }
}
