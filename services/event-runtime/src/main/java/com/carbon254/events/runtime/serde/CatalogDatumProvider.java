package com.carbon254.events.runtime.serde;

import java.util.IdentityHashMap;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;

import com.carbon254.events.catalog.EventType;

import io.apicurio.registry.serde.avro.DefaultAvroDatumProvider;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Tells Apicurio's serializer which schema an event is written with: the <em>value schema of its topic</em>, not the
 * record's own schema. For a single-type topic the two are the same; for {@code data-events}, which carries three
 * record types, the registered schema is their union, and looking the record's schema up by content would find
 * nothing. A {@link SpecificDatumWriter} for the union picks the branch of each record by its name.
 *
 * <p>Public with a no-argument constructor because Apicurio instantiates it from its class.
 */
// Instantiated by class name (by Kafka or Apicurio), so reachable by reflection in a native image too.
@RegisterForReflection
public final class CatalogDatumProvider extends DefaultAvroDatumProvider<SpecificRecord> {

    // One writer per resolved schema instance. The default provider keys its cache by a fingerprint computed on
    // every record, which costs more than encoding a small event. The producer serializes on one thread.
    private final Map<Schema, DatumWriter<SpecificRecord>> writers = new IdentityHashMap<>();

    public CatalogDatumProvider() {
        super(true);
    }

    @Override
    public Schema toSchema(SpecificRecord event) {
        EventType type = EventType.byRecordClass(event.getClass()).orElseThrow(() -> new SerializationException(
                event.getClass().getName() + " is not an event type of the catalog"));
        return CatalogSubjects.forTopic(type.topic().name()).orElseThrow().valueSchema();
    }

    @Override
    public DatumWriter<SpecificRecord> createDatumWriter(SpecificRecord event, Schema schema) {
        synchronized (writers) {
            return writers.computeIfAbsent(schema, SpecificDatumWriter::new);
        }
    }
}
