package com.carbon254.flink.aggregator.archive;

import com.carbon254.events.catalog.EventType;
import com.carbon254.flink.aggregator.support.Wire;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.iceberg.data.Record;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Events of any catalog type with every field set (optional ones included, one element in each array and map), and
 * the comparison of an event with the row Iceberg's reader returns for it: both sides are reduced to plain Java values
 * (strings, numbers, instants, lists, maps; records and structs as maps by field name).
 */
final class ArchivedEvents {

    private ArchivedEvents() {
    }

    /** An event of {@code type} whose every string starts with {@code prefix}, numbers and times from {@code seed}. */
    static SpecificRecordBase sample(EventType type, String prefix, int seed) {
        SpecificRecordBase event = (SpecificRecordBase) record(type.schema(), prefix, seed);
        event.put("eventType", type.typeName());
        event.put("eventId", prefix + "-" + type.typeName() + "-" + seed);
        return event;
    }

    private static Object record(Schema schema, String prefix, int seed) {
        GenericRecord record = (GenericRecord) SpecificData.get().newRecord(null, schema);
        for (Schema.Field field : schema.getFields()) {
            record.put(field.pos(), value(field.schema(), prefix + "-" + field.name(), seed + field.pos()));
        }
        return record;
    }

    private static Object value(Schema schema, String text, int seed) {
        return switch (schema.getType()) {
            case UNION -> value(schema.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).findFirst()
                    .orElseThrow(), text, seed);
            case RECORD -> record(schema, text, seed);
            case ENUM -> SpecificData.get().createEnum(schema.getEnumSymbols().get(seed % schema.getEnumSymbols().size()),
                    schema);
            case ARRAY -> List.of(value(schema.getElementType(), text, seed));
            case MAP -> Map.of("k-" + text, value(schema.getValueType(), text, seed));
            case STRING -> text;
            case LONG -> schema.getLogicalType() instanceof LogicalTypes.TimestampMillis
                    ? Instant.parse("2031-03-04T05:06:07.008Z").plusSeconds(seed) : 1_000_000_000_000L + seed;
            case INT -> seed;
            case DOUBLE -> seed + 0.25;
            case FLOAT -> seed + 0.5f;
            case BOOLEAN -> seed % 2 == 0;
            case BYTES -> ByteBuffer.wrap(text.getBytes());
            default -> throw new IllegalArgumentException("no sample for " + schema);
        };
    }

    /** The value as any Confluent-compatible client writes it on the topic: with the topic's registered schema. */
    static byte[] framed(EventType type, SpecificRecordBase event) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(ByteBuffer.allocate(5).put((byte) 0).putInt(Wire.schemaId(type.topic().valueSubject())).array());
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new SpecificDatumWriter<SpecificRecordBase>(type.topic().valueSchema(), SpecificData.get())
                    .write(event, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An Avro value (generated classes, Instants, enums) as plain Java values. */
    static Object plainAvro(Object value) {
        if (value instanceof GenericRecord record) {
            Map<String, Object> fields = new LinkedHashMap<>();
            record.getSchema().getFields().forEach(f -> fields.put(f.name(), plainAvro(record.get(f.pos()))));
            return fields;
        }
        if (value instanceof List<?> list) {
            List<Object> plain = new ArrayList<>();
            list.forEach(element -> plain.add(plainAvro(element)));
            return plain;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> plain = new LinkedHashMap<>();
            map.forEach((k, v) -> plain.put(k.toString(), plainAvro(v)));
            return plain;
        }
        if (value instanceof CharSequence || value instanceof Enum<?>) {
            return value.toString();
        }
        return value;
    }

    /** A value of Iceberg's generic reader (records, OffsetDateTime) as plain Java values. */
    static Object plainIceberg(Object value) {
        if (value instanceof Record record) {
            Map<String, Object> fields = new LinkedHashMap<>();
            record.struct().fields().forEach(f -> fields.put(f.name(), plainIceberg(record.getField(f.name()))));
            return fields;
        }
        if (value instanceof List<?> list) {
            List<Object> plain = new ArrayList<>();
            list.forEach(element -> plain.add(plainIceberg(element)));
            return plain;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> plain = new LinkedHashMap<>();
            map.forEach((k, v) -> plain.put(k.toString(), plainIceberg(v)));
            return plain;
        }
        if (value instanceof OffsetDateTime time) {
            return time.toInstant();
        }
        return value;
    }
}
