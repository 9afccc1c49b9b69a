package com.carbon254.flink.aggregator.serde;

import com.carbon254.events.catalog.TopicCatalog;
import com.carbon254.events.catalog.TopicDefinition;
import com.carbon254.events.runtime.EventHeaders;
import com.carbon254.events.runtime.json.EventValidationException;
import com.carbon254.events.runtime.json.JsonEventReader;
import com.carbon254.flink.aggregator.pipeline.DeadLetters;
import com.carbon254.flink.aggregator.pipeline.SourceRecord;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Decodes the platform's framed Avro values, and JSON records as every platform consumer reads them, inside the Kafka
 * source (so that watermarks are generated per partition
 * from decoded events): the writer schema is resolved by the id in the frame (and cached), the reader schema is the
 * generated class's own.
 *
 * <p>A record that cannot be decoded does not fail the job: it is emitted as a {@link SourceRecord} that carries the
 * reason (see {@link DeadLetters}), to be routed to the dead-letter topic. Only an unreachable registry fails the
 * job (a restart retries), because dead-lettering valid records while the registry is down would lose them.
 *
 * @param <T> the generated event class
 */
public final class RegistryAvroDeserializationSchema<T extends SpecificRecordBase>
        implements KafkaRecordDeserializationSchema<SourceRecord<T>> {

    private static final long serialVersionUID = 1L;

    /** Metric: records of the source that could not be decoded (they go to the dead-letter topic). */
    public static final String UNDECODABLE_RECORDS_METRIC = "undecodableRecords";

    private final Class<T> eventClass;
    private final SchemaRegistryClient registry;

    private transient Schema readerSchema;
    private transient SpecificData specificData;
    private transient Map<Integer, SpecificDatumReader<T>> readers;
    private transient BinaryDecoder decoder;
    private transient Counter undecodable;

    public RegistryAvroDeserializationSchema(Class<T> eventClass, SchemaRegistryClient registry) {
        this.eventClass = eventClass;
        this.registry = registry;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        init();
        undecodable = context.getMetricGroup().counter(UNDECODABLE_RECORDS_METRIC);
    }

    private void init() {
        if (readers == null) {
            specificData = SpecificData.getForClass(eventClass);
            readerSchema = specificData.getSchema(eventClass);
            readers = new HashMap<>();
            undecodable = new SimpleCounter();
        }
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<SourceRecord<T>> out) throws IOException {
        SourceRecord<T> result = new SourceRecord<>(record.topic(), record.partition(), record.offset(),
                record.timestamp(), record.key(), record.value());
        result.setEventTypeHeader(header(record, EventHeaders.EVENT_TYPE));
        result.setSourceHeader(header(record, EventHeaders.SOURCE));
        decodeInto(result);
        out.collect(result);
    }

    /** Decodes {@code record}'s value into its event, or marks it failed. Exposed for tests and the benchmark. */
    public SourceRecord<T> decodeInto(SourceRecord<T> record) throws IOException {
        init();
        byte[] value = record.getValue();
        if (value == null || value.length == 0) {
            return failed(record, DeadLetters.EMPTY_VALUE, "the record has no value");
        }
        if (JsonValue.isObject(value)) {
            return decodeJson(record, value);
        }
        if (!WireFormat.isFramed(value)) {
            return failed(record, DeadLetters.BAD_FRAMING, "the value is neither a JSON object nor framed as magic byte"
                    + " 0 and a 4-byte schema id (" + value.length + " bytes, first byte " + value[0] + ")");
        }
        int schemaId = WireFormat.schemaId(value);
        SpecificDatumReader<T> reader = readers.get(schemaId);
        if (reader == null) {
            Optional<Schema> writerSchema = registry.schemaById(schemaId);
            if (writerSchema.isEmpty()) {
                return failed(record, DeadLetters.UNKNOWN_SCHEMA,
                        "no Avro schema with id " + schemaId + " in the registry at " + registry.url());
            }
            reader = new SpecificDatumReader<>(writerSchema.get(), readerSchema, specificData);
            readers.put(schemaId, reader);
        }
        try {
            decoder = DecoderFactory.get().binaryDecoder(value, WireFormat.HEADER_LENGTH,
                    value.length - WireFormat.HEADER_LENGTH, decoder);
            record.setEvent(reader.read(null, decoder));
            return record;
        } catch (IOException | RuntimeException e) {
            // Truncated or corrupt bytes, or a writer schema that cannot be resolved to this event class.
            return failed(record, DeadLetters.UNDECODABLE,
                    "cannot decode as " + eventClass.getSimpleName() + " with writer schema " + schemaId + ": " + e);
        }
    }

    /**
     * A JSON record, read as every platform consumer reads one ({@link JsonEventReader#forConsumption()}: the
     * contract, its limits, envelope fields derived when a plain JSON producer left them out).
     */
    private SourceRecord<T> decodeJson(SourceRecord<T> record, byte[] value) {
        TopicDefinition topic = TopicCatalog.byName(record.getTopic()).orElse(null);
        if (topic == null) {
            return failed(record, DeadLetters.INVALID_JSON, "topic " + record.getTopic() + " is not in the catalog");
        }
        try {
            SpecificRecord event = JsonEventReader.forConsumption().read(topic, JsonValue.read(value),
                    new JsonEventReader.Hints(record.getEventTypeHeader(), record.getSourceHeader()));
            if (!eventClass.isInstance(event)) {
                return failed(record, DeadLetters.INVALID_JSON, "a " + event.getSchema().getName() + " is not a "
                        + eventClass.getSimpleName());
            }
            record.setEvent(eventClass.cast(event));
            return record;
        } catch (EventValidationException | IOException e) {
            return failed(record, DeadLetters.INVALID_JSON, e.getMessage());
        }
    }

    private SourceRecord<T> failed(SourceRecord<T> record, String reason, String detail) {
        undecodable.inc();
        return record.fail(reason, detail);
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        return EventHeaders.read(record.headers(), name).orElse(null);
    }

    @Override
    public TypeInformation<SourceRecord<T>> getProducedType() {
        return SourceRecord.typeInfo(eventClass);
    }
}
