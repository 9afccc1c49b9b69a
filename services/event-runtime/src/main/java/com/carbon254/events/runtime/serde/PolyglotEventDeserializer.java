package com.carbon254.events.runtime.serde;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

import com.carbon254.events.catalog.FieldLimits;
import com.carbon254.events.catalog.TopicCatalog;
import com.carbon254.events.catalog.TopicDefinition;
import com.carbon254.events.runtime.EventHeaders;
import com.carbon254.events.runtime.EventModels;
import com.carbon254.events.runtime.json.EventValidationException;
import com.carbon254.events.runtime.json.JsonEventReader;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The value deserializer of every consumer: reads the events of a catalog topic whoever wrote them, into the
 * catalog's generated record classes.
 * <ul>
 *   <li><b>Registry-framed Avro</b> (magic byte {@code 0}, 4-byte schema id, Avro binary): what
 *       {@link CatalogAvroSerializer} writes (Apicurio content ids) and what Confluent clients write after
 *       registering through the registry's Confluent-compatible API. The writer schema is fetched by that id
 *       ({@link RegistrySchemas}), and the record is resolved into the topic's value schema, so Avro schema evolution
 *       applies (a field added with a default is filled, a field removed is skipped).</li>
 *   <li><b>Natural JSON</b> (an object, as a plain Node.js producer sends {@code JSON.stringify(event)}), checked
 *       against the topic's event type by {@link JsonEventReader#forConsumption()}. On a topic of several event
 *       types, the JSON's {@code eventType} field (or the record's {@code eventType} header) says which; envelope
 *       fields the JSON lacks are derived ({@code eventType}, {@code version}, {@code source} from the
 *       {@code source} header or {@value com.carbon254.events.runtime.EventEnvelope#UNATTRIBUTED_SOURCE}).</li>
 * </ul>
 * Either way the record must be within the limits of its contract ({@link FieldLimits}: lengths, NUL, ranges), so
 * that no record a consumer could not store reaches it.
 * Anything else fails with a {@link SerializationException} that says precisely why, which the dead-letter queue
 * records as the {@code dead-letter-reason} header. A null value (a tombstone) reads as null.
 *
 * <p>Configuration: {@code apicurio.registry.url} (or {@value RegistrySchemas#REGISTRY_URL_FALLBACK}), the registry's
 * v3 API, and any other {@code apicurio.registry.*} client setting (as for {@link CatalogAvroSerializer}). Values only.
 */
// Instantiated by class name (by Kafka or Apicurio), so reachable by reflection in a native image too.
@RegisterForReflection
public class PolyglotEventDeserializer implements Deserializer<SpecificRecord> {

    /** The magic byte that starts a registry-framed record. */
    static final byte MAGIC_BYTE = 0;
    private static final int FRAME_HEADER_SIZE = 5;

    // A JSON value followed by anything else is not one event: refuse it rather than read the first value.
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    private final JsonEventReader jsonReader = JsonEventReader.forConsumption();
    private final Map<ReaderKey, SpecificDatumReader<SpecificRecord>> readers = new ConcurrentHashMap<>();
    private RegistrySchemas registry;
    private BinaryDecoder reusedDecoder;

    /**
     * A deserializer for reading outside a Kafka consumer's configuration (a topic browse, a dead letter's preview):
     * the registry at {@code registryUrl}, every other client setting at its default.
     */
    public static PolyglotEventDeserializer forRegistry(String registryUrl) {
        PolyglotEventDeserializer deserializer = new PolyglotEventDeserializer();
        deserializer.configure(Map.of(RegistrySchemas.REGISTRY_URL_FALLBACK, registryUrl), false);
        return deserializer;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (isKey) {
            throw new IllegalArgumentException("PolyglotEventDeserializer reads record values; keys are strings");
        }
        registry = RegistrySchemas.of(configs);
    }

    @Override
    public SpecificRecord deserialize(String topic, byte[] data) {
        return deserialize(topic, null, data);
    }

    @Override
    public SpecificRecord deserialize(String topic, Headers headers, byte[] data) {
        if (data == null) {
            return null;
        }
        TopicDefinition definition = TopicCatalog.byName(topic).orElseThrow(() -> new SerializationException(
                "Topic " + topic + " is not in the topic catalog: no contract to read its records with"));
        if (data.length == 0) {
            throw new SerializationException("Empty value on " + topic + ": neither registry-framed Avro nor JSON");
        }
        if (data[0] == MAGIC_BYTE) {
            return readFramedAvro(topic, data);
        }
        int first = firstNonWhitespace(data);
        if (first >= 0 && data[first] == '{') {
            return readJson(definition, headers, data);
        }
        throw new SerializationException("Value on " + topic + " is neither registry-framed Avro (it starts with 0x"
                + String.format("%02x", data[0] & 0xff) + ", not the magic byte 0x00) nor a JSON object ("
                + data.length + " bytes)");
    }

    private SpecificRecord readFramedAvro(String topic, byte[] data) {
        if (data.length < FRAME_HEADER_SIZE) {
            throw new SerializationException("Value on " + topic + " starts with the magic byte but has only "
                    + data.length + " bytes: too short for the 5-byte registry framing");
        }
        int schemaId = ByteBuffer.wrap(data, 1, 4).getInt();
        CatalogSubjects subjects = CatalogSubjects.forTopic(topic).orElseThrow();
        ReaderKey key = new ReaderKey(topic, schemaId);
        SpecificDatumReader<SpecificRecord> reader = readers.get(key);
        if (reader == null) {
            // Asked outside the map: a registry call must not hold up the other readers' lookups.
            reader = new SpecificDatumReader<>(writerSchema(schemaId), subjects.valueSchema(),
                    EventModels.of(subjects.eventTypes().get(0)));
            readers.putIfAbsent(key, reader);
        }
        try {
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, FRAME_HEADER_SIZE,
                    data.length - FRAME_HEADER_SIZE, reusedDecoder);
            reusedDecoder = decoder;
            SpecificRecord event = reader.read(null, decoder);
            if (!decoder.isEnd()) {
                throw new SerializationException("Value on " + topic + " has bytes left after the record written with"
                        + " schema id " + schemaId + ": not a record of that schema");
            }
            List<FieldLimits.Violation> outOfLimits = FieldLimits.check(event, Instant.now());
            if (!outOfLimits.isEmpty()) {
                throw new SerializationException("Value on " + topic + " breaks the limits of its contract: "
                        + outOfLimits.stream().limit(10).map(v -> v.field() + ": " + v.problem())
                        .collect(Collectors.joining("; ")));
            }
            return event;
        } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException | ClassCastException e) {
            throw new SerializationException("Value on " + topic + " written with schema id " + schemaId
                    + " cannot be read as a " + String.join("/", subjects.typeNames()) + " event: " + e.getMessage(), e);
        }
    }

    /** The schema a record was written with, by the id in its framing. */
    private Schema writerSchema(int schemaId) {
        try {
            return registry.writerSchema(schemaId).orElseThrow(() -> new SerializationException("The registry at "
                    + registry.url() + " knows no Avro schema with id " + schemaId));
        } catch (RegistrySchemas.RegistryUnavailableException e) {
            throw new SerializationException(e.getMessage(), e);
        }
    }

    private SpecificRecord readJson(TopicDefinition topic, Headers headers, byte[] data) {
        JsonNode json;
        try {
            json = JSON.readTree(data);
        } catch (JsonProcessingException e) {
            throw new SerializationException("Value on " + topic.name() + " starts like JSON but is not valid JSON: "
                    + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new SerializationException("Value on " + topic.name() + " cannot be read as JSON: " + e.getMessage(), e);
        }
        JsonEventReader.Hints hints = new JsonEventReader.Hints(
                EventHeaders.read(headers, EventHeaders.EVENT_TYPE).orElse(null),
                EventHeaders.read(headers, EventHeaders.SOURCE).orElse(null));
        try {
            return jsonReader.read(topic, json, hints);
        } catch (EventValidationException e) {
            throw new SerializationException("JSON value on " + topic.name() + " breaks the contract: "
                    + e.getMessage(), e);
        }
    }

    private static int firstNonWhitespace(byte[] data) {
        for (int i = 0; i < data.length; i++) {
            byte b = data[i];
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return i;
            }
        }
        return -1;
    }

    /** A resolving reader depends on the writer schema (its id) and the reader schema (the topic's). */
    private record ReaderKey(String topic, int schemaId) {
    }
}
