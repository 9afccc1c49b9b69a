package com.carbon254.flink.aggregator.serde;

import com.carbon254.events.catalog.EventType;
import com.carbon254.events.catalog.TopicCatalog;
import com.carbon254.events.catalog.TopicDefinition;
import com.carbon254.events.runtime.json.EventValidationException;
import com.carbon254.events.runtime.json.JsonEventReader;
import com.carbon254.events.runtime.serde.RegistrySchemas;
import com.carbon254.flink.aggregator.pipeline.DeadLetters;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.specific.SpecificRecordBase;

import java.io.IOException;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Decodes the platform's framed Avro values (magic byte, 4-byte writer schema id, Avro binary), and JSON records as
 * every platform consumer reads them (event-runtime's {@link JsonEventReader}), into the catalog's
 * generated classes: the writer schema is resolved by the id in the frame (and cached), the reader schema is the
 * generated class's own, or for a topic the union of its event types' (on {@code data-events}, whichever of the three
 * dataset records was written). Older writer schemas are resolved with Avro's schema resolution.
 *
 * <p>Serializable: its readers and caches are created where it runs. Not thread-safe (one per operator instance).
 *
 * @param <T> the decoded type
 */
public final class RegistryAvroDecoder<T extends SpecificRecordBase> implements Serializable {

    private static final long serialVersionUID = 1L;

    /** What decoding a value gave: the event, or the reason code ({@link DeadLetters}) and detail of the failure. */
    public record Decoded<T>(T event, String failure, String detail) {

        public boolean decoded() {
            return event != null;
        }

        static <T> Decoded<T> failed(String failure, String detail) {
            return new Decoded<>(null, failure, detail);
        }
    }

    private static final JsonEventReader JSON_READER = JsonEventReader.forConsumption();

    private final Class<T> eventClass;
    /** Set for a topic's decoder: the reader schema is the topic's value schema. */
    private final String topic;
    private final RegistrySchemas registry;

    private transient Schema readerSchema;
    private transient SpecificData specificData;
    private transient Map<Integer, SpecificDatumReader<T>> readers;
    private transient BinaryDecoder decoder;

    private RegistryAvroDecoder(Class<T> eventClass, String topic, RegistrySchemas registry) {
        this.eventClass = eventClass;
        this.topic = topic;
        this.registry = registry;
    }

    /** Decodes into one generated event class. */
    public static <T extends SpecificRecordBase> RegistryAvroDecoder<T> forClass(Class<T> eventClass,
            RegistrySchemas registry) {
        return new RegistryAvroDecoder<>(eventClass, null, registry);
    }

    /** Decodes any event type of {@code topic} into its generated class. */
    public static RegistryAvroDecoder<SpecificRecordBase> forTopic(TopicDefinition topic,
            RegistrySchemas registry) {
        return new RegistryAvroDecoder<>(SpecificRecordBase.class, topic.name(), registry);
    }

    private void init() {
        if (readers == null) {
            if (topic == null) {
                specificData = SpecificData.getForClass(eventClass);
                readerSchema = specificData.getSchema(eventClass);
            } else {
                TopicDefinition definition = TopicCatalog.byName(topic).orElseThrow();
                specificData = SpecificData.getForClass(definition.eventTypes().get(0).recordClass());
                readerSchema = definition.valueSchema();
            }
            readers = new HashMap<>();
        }
    }

    /**
     * A JSON record, read as every platform consumer reads one ({@link JsonEventReader#forConsumption()}: the
     * contract, its limits, the envelope fields a plain JSON producer left out derived; {@code source}, which this
     * decoder has no header for, is {@value com.carbon254.events.runtime.EventEnvelope#UNATTRIBUTED_SOURCE}).
     */
    private Decoded<T> decodeJson(byte[] value) {
        try {
            JsonNode json = JsonValue.read(value);
            SpecificRecord event = topic != null
                    ? JSON_READER.read(TopicCatalog.byName(topic).orElseThrow(), json, JsonEventReader.Hints.NONE)
                    : JSON_READER.read(EventType.byRecordClass(eventClass).orElseThrow(), json);
            if (!eventClass.isInstance(event)) {
                return Decoded.failed(DeadLetters.INVALID_JSON, "a " + event.getSchema().getName() + " is not a "
                        + eventClass.getSimpleName());
            }
            return new Decoded<>(eventClass.cast(event), null, null);
        } catch (EventValidationException | IOException e) {
            return Decoded.failed(DeadLetters.INVALID_JSON, e.getMessage());
        }
    }

    /**
     * Decodes {@code value}.
     *
     * @return the event, or why it could not be decoded (empty value, bad framing, unknown schema id, undecodable)
     * @throws IOException only if the registry cannot be reached (a retry may succeed: the record is not bad)
     */
    public Decoded<T> decode(byte[] value) throws IOException {
        init();
        if (value == null || value.length == 0) {
            return Decoded.failed(DeadLetters.EMPTY_VALUE, "the record has no value");
        }
        if (JsonValue.isObject(value)) {
            return decodeJson(value);
        }
        if (!WireFormat.isFramed(value)) {
            return Decoded.failed(DeadLetters.BAD_FRAMING, "the value is neither a JSON object nor framed as magic byte"
                    + " 0 and a 4-byte schema id (" + value.length + " bytes, first byte " + value[0] + ")");
        }
        int schemaId = WireFormat.schemaId(value);
        SpecificDatumReader<T> reader = readers.get(schemaId);
        if (reader == null) {
            Optional<Schema> writerSchema;
            try {
                writerSchema = registry.writerSchema(schemaId);
            } catch (RegistrySchemas.RegistryUnavailableException e) {
                throw new IOException(e.getMessage(), e);
            }
            if (writerSchema.isEmpty()) {
                return Decoded.failed(DeadLetters.UNKNOWN_SCHEMA,
                        "no Avro schema with id " + schemaId + " in the registry at " + registry.url());
            }
            reader = new SpecificDatumReader<>(writerSchema.get(), readerSchema, specificData);
            readers.put(schemaId, reader);
        }
        try {
            decoder = DecoderFactory.get().binaryDecoder(value, WireFormat.HEADER_LENGTH,
                    value.length - WireFormat.HEADER_LENGTH, decoder);
            return new Decoded<>(reader.read(null, decoder), null, null);
        } catch (IOException | RuntimeException e) {
            // Truncated or corrupt bytes, or a writer schema that cannot be resolved to the reader's.
            return Decoded.failed(DeadLetters.UNDECODABLE, "cannot decode as " + (topic == null
                    ? eventClass.getSimpleName() : "an event of " + topic) + " with writer schema " + schemaId
                    + ": " + e);
        }
    }
}
