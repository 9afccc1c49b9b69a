package com.carbon254.events.runtime.serde;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;

import com.carbon254.events.catalog.EventType;

import io.apicurio.registry.resolver.config.SchemaResolverConfig;
import io.apicurio.registry.serde.Default4ByteIdHandler;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import io.apicurio.registry.serde.config.IdOption;
import io.apicurio.registry.serde.config.SerdeConfig;
import io.apicurio.registry.serde.kafka.config.KafkaSerdeConfig;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The value serializer of every event record: Avro binary behind the Confluent-compatible framing (magic byte
 * {@code 0}, then the 4-byte registry content id, which {@code GET /apis/ccompat/v7/schemas/ids/{id}} resolves), so
 * any Confluent-wire client can read what the platform writes.
 *
 * <p>Built on Apicurio's {@link AvroKafkaSerializer}, with the settings that make it follow the catalog forced on top of
 * whatever the client configuration says:
 * <ul>
 *   <li>subject {@code <topic>-value} in group {@code default} ({@link CatalogSubjectStrategy}; a dead-letter topic
 *       uses its original topic's subject);</li>
 *   <li>no auto-registration: provisioning registers the schemas, and a schema the registry does not have is a
 *       deployment error, not something a producer should fix by registering;</li>
 *   <li>the schema looked up <em>by content</em> is the topic's value schema ({@link CatalogDatumProvider}): the record's
 *       own schema on a single-type topic, the union of the record types on {@code data-events}. Looking up by content
 *       (rather than taking the latest version) writes with exactly the schema this code was compiled against, even
 *       when the registry already holds a newer version;</li>
 *   <li>content ids in the payload (not headers), 4 bytes.</li>
 * </ul>
 * Only {@code apicurio.registry.url} (or {@value RegistrySchemas#REGISTRY_URL_FALLBACK}) is needed from the
 * configuration. Apicurio writes a topic's first record; the following ones are written with the framing it chose,
 * without asking it again (checked on that first record: the bytes must be the same).
 *
 * <p>Failures: a record that is not an event of the catalog, or that does not belong on the topic, or whose schema the
 * registry does not have, fails with a {@link SerializationException} (retrying cannot help); an unreachable registry
 * fails with the underlying error, which is worth retrying.
 */
// Instantiated by class name (by Kafka or Apicurio), so reachable by reflection in a native image too.
@RegisterForReflection
public class CatalogAvroSerializer implements Serializer<SpecificRecord> {

    private final AvroKafkaSerializer<SpecificRecord> delegate = new AvroKafkaSerializer<>();

    /**
     * Per topic, once Apicurio has resolved its schema: the framing it wrote and a writer for the topic's value
     * schema. Apicurio's serializer caches its lookup per record instance, so it searches a synchronized map, resolves
     * and builds a datum writer for every record (see {@code bench/README.md}). The content id is that of the schema
     * this code was compiled with, found by content; only a registry wiped and provisioned again under a running
     * service could give it another one, and such a service must be restarted (as with Apicurio's own cache).
     */
    private final Map<String, TopicWriter> resolved = new ConcurrentHashMap<>();

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (isKey) {
            throw new IllegalArgumentException("CatalogAvroSerializer serializes record values; keys are strings");
        }
        delegate.configure(effectiveConfig(configs), false);
    }

    /** The client configuration with the catalog's serde settings forced on top. */
    static Map<String, Object> effectiveConfig(Map<String, ?> configs) {
        Map<String, Object> effective = new HashMap<>(configs);
        effective.put(SchemaResolverConfig.REGISTRY_URL, RegistrySchemas.registryUrl(configs));
        effective.put(SerdeConfig.ARTIFACT_RESOLVER_STRATEGY, new CatalogSubjectStrategy());
        effective.put(AvroSerdeConfig.AVRO_DATUM_PROVIDER, CatalogDatumProvider.class);
        effective.put(SerdeConfig.AUTO_REGISTER_ARTIFACT, false);
        effective.put(SerdeConfig.FIND_LATEST_ARTIFACT, false);
        // Search with the schema fully inlined, as provisioning registered it, and compare canonical forms.
        effective.put(SchemaResolverConfig.DEREFERENCE_SCHEMA, true);
        effective.put(SchemaResolverConfig.CANONICALIZE, true);
        effective.put(SerdeConfig.USE_ID, IdOption.contentId.name());
        effective.put(SerdeConfig.ID_HANDLER, Default4ByteIdHandler.class);
        effective.put(KafkaSerdeConfig.ENABLE_HEADERS, false);
        effective.put(AvroSerdeConfig.AVRO_ENCODING, AvroSerdeConfig.AVRO_ENCODING_BINARY);
        return effective;
    }

    @Override
    public byte[] serialize(String topic, SpecificRecord event) {
        return serialize(topic, null, event);
    }

    @Override
    public byte[] serialize(String topic, Headers headers, SpecificRecord event) {
        if (event == null) {
            return null;
        }
        CatalogSubjects subjects = requireBelongsOn(topic, event);
        TopicWriter writer = resolved.get(topic);
        if (writer != null) {
            return writer.write(event);
        }
        byte[] framed = serializeThroughRegistry(topic, headers, event);
        TopicWriter.of(subjects.valueSchema(), framed, event).ifPresent(w -> resolved.putIfAbsent(topic, w));
        return framed;
    }

    private byte[] serializeThroughRegistry(String topic, Headers headers, SpecificRecord event) {
        try {
            return delegate.serialize(topic, headers, event);
        } catch (SerializationException e) {
            throw e;
        } catch (RuntimeException e) {
            if (isUnreachable(e)) {
                throw e;
            }
            throw new SerializationException("Cannot write a " + event.getSchema().getName() + " to " + topic
                    + " with the registered schema of " + topic + ": " + e.getMessage(), e);
        }
    }

    private static CatalogSubjects requireBelongsOn(String topic, SpecificRecord event) {
        EventType type = EventType.byRecordClass(event.getClass()).orElseThrow(() -> new SerializationException(
                event.getClass().getName() + " is not an event type of the catalog"));
        CatalogSubjects subjects = CatalogSubjects.forTopic(topic).orElseThrow(() -> new SerializationException(
                "Topic " + topic + " is not in the topic catalog"));
        if (!subjects.carries(type)) {
            throw new SerializationException("A " + type.typeName() + " event does not belong on " + topic
                    + " (it carries " + subjects.typeNames() + "; " + type.typeName() + " goes to "
                    + type.topic().name() + ")");
        }
        return subjects;
    }

    /** Whether records for the topic are now written without Apicurio (its first record was). */
    boolean writesWithoutRegistry(String topic) {
        return resolved.containsKey(topic);
    }

    /** Whether the failure is the registry not answering (worth retrying) rather than a contract problem. */
    private static boolean isUnreachable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IOException || t instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        delegate.close();
    }

    /**
     * Writes a topic's records as Apicurio does, without asking it: the framing (magic byte and content id) it wrote
     * for the topic's first record, then the Avro binary of the record with the topic's value schema. Thread-safe:
     * the datum writer keeps no state between records, and each thread encodes into a buffer of its own.
     */
    private static final class TopicWriter {

        private static final int FRAMING = 1 + 4; // magic byte, 4-byte content id (Default4ByteIdHandler)

        private final byte[] framing;
        private final DatumWriter<SpecificRecord> writer;
        private final ThreadLocal<Encoding> encodings = ThreadLocal.withInitial(Encoding::new);

        private TopicWriter(byte[] framing, DatumWriter<SpecificRecord> writer) {
            this.framing = framing;
            this.writer = writer;
        }

        /**
         * A writer for the topic, if it writes {@code event} exactly as Apicurio did ({@code framed}); otherwise
         * every record keeps going through Apicurio.
         */
        static Optional<TopicWriter> of(Schema valueSchema, byte[] framed, SpecificRecord event) {
            if (framed == null || framed.length < FRAMING || framed[0] != 0) {
                return Optional.empty();
            }
            TopicWriter candidate = new TopicWriter(Arrays.copyOf(framed, FRAMING),
                    new SpecificDatumWriter<>(valueSchema));
            try {
                return Arrays.equals(candidate.write(event), framed) ? Optional.of(candidate) : Optional.empty();
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        }

        byte[] write(SpecificRecord event) {
            Encoding encoding = encodings.get();
            encoding.buffer.reset();
            encoding.buffer.write(framing, 0, framing.length);
            encoding.encoder = EncoderFactory.get().binaryEncoder(encoding.buffer, encoding.encoder);
            try {
                writer.write(event, encoding.encoder);
                encoding.encoder.flush();
            } catch (IOException | RuntimeException e) {
                throw new SerializationException("Cannot write a " + event.getSchema().getName()
                        + " with the registered schema: " + e.getMessage(), e);
            }
            return encoding.buffer.toByteArray();
        }

        /** One thread's encoder and the buffer it writes to, reused record after record. */
        private static final class Encoding {
            final ReusableBuffer buffer = new ReusableBuffer();
            BinaryEncoder encoder;
        }
    }

    /** An unsynchronized growable byte buffer (one thread uses it at a time). */
    private static final class ReusableBuffer extends OutputStream {
        private byte[] bytes = new byte[512];
        private int size;

        void reset() {
            size = 0;
        }

        @Override
        public void write(int b) {
            ensure(1);
            bytes[size++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, bytes, size, len);
            size += len;
        }

        byte[] toByteArray() {
            return Arrays.copyOf(bytes, size);
        }

        private void ensure(int more) {
            if (size + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
            }
        }
    }
}
