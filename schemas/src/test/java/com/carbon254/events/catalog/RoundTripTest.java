package com.carbon254.events.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** Every event type survives Avro binary serialization with the generated classes. */
class RoundTripTest {

    private static byte[] write(Schema schema, Object datum) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<>(schema).write(datum, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static Object read(Schema writer, Schema reader, byte[] bytes) throws IOException {
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, null);
        return new SpecificDatumReader<>(writer, reader).read(null, decoder);
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void roundTrip(EventType type) throws IOException {
        SpecificRecord event = SampleEvents.of(type);
        // the builders fill the base-field defaults
        assertEquals(type.typeName(), event.get(event.getSchema().getField("eventType").pos()));
        assertEquals("1", event.get(event.getSchema().getField("version").pos()));

        Object back = read(type.schema(), type.schema(), write(type.schema(), event));

        assertSame(type.recordClass(), back.getClass());
        assertNotSame(event, back);
        assertEquals(event, back);
        assertEquals(type.keyOf(event), type.keyOf((SpecificRecord) back));
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void roundTripThroughTheTopicValueSchema(EventType type) throws IOException {
        // what a consumer of the topic sees, including the union topic data-events
        Schema valueSchema = type.topic().valueSchema();
        SpecificRecord event = SampleEvents.of(type);
        assertEquals(event, read(valueSchema, valueSchema, write(valueSchema, event)));
    }

    @Test
    void dataEventsStoreReplaysAllLifecycleEventsInOrder() throws IOException {
        Schema union = TopicCatalog.DATA_EVENTS.valueSchema();
        List<SpecificRecord> written = List.of(SampleEvents.of(EventType.DATASET_CREATED),
                SampleEvents.of(EventType.DATASET_UPDATED), SampleEvents.of(EventType.DATASET_DELETED));
        List<EventType> replayed = new ArrayList<>();
        for (SpecificRecord event : written) {
            SpecificRecord back = (SpecificRecord) read(union, union, write(union, event));
            assertEquals(event, back);
            EventType type = EventType.of(back);
            assertEquals("ds-1", type.keyOf(back));
            replayed.add(type);
        }
        assertEquals(List.of(EventType.DATASET_CREATED, EventType.DATASET_UPDATED, EventType.DATASET_DELETED), replayed);
    }
}
