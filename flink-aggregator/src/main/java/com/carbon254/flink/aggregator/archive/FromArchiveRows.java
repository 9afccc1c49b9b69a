package com.carbon254.flink.aggregator.archive;

import com.carbon254.events.catalog.EventType;
import com.carbon254.flink.aggregator.pipeline.ConsumedRecord;
import com.carbon254.flink.aggregator.serde.WireFormat;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.table.data.ArrayData;
import org.apache.flink.table.data.MapData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.MapType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.util.Collector;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reverse of {@link ToArchiveRows}: a row of an event type's archive table back into the Kafka record it was — the
 * event as its contract's Avro record, written registry-framed with its topic's value schema (the schema id the
 * registry holds for it), keyed by the catalog's key field, at its partition, offset and record time. Only rows below
 * the log start offset of their partition pass (what Kafka still holds is read there).
 */
public final class FromArchiveRows extends RichFlatMapFunction<RowData, ConsumedRecord> {

    private static final long serialVersionUID = 1L;

    /** Metric: archived records turned back into Kafka records. */
    public static final String RESTORED_RECORDS_METRIC = "restoredRecords";

    private static final int COORDINATES = 3;

    private final EventType type;
    private final int schemaId;
    private final HashMap<Integer, Long> logStartOffsets;

    private transient RowType eventRowType;
    private transient SpecificDatumWriter<Object> writer;
    private transient Counter restored;

    /**
     * @param type            the event type of the table read
     * @param schemaId        the registry's id of the value schema of {@code type}'s topic
     * @param logStartOffsets per partition of the topic, the first offset Kafka still holds
     */
    public FromArchiveRows(EventType type, int schemaId, Map<Integer, Long> logStartOffsets) {
        this.type = type;
        this.schemaId = schemaId;
        this.logStartOffsets = new HashMap<>(logStartOffsets);
    }

    @Override
    public void open(OpenContext context) {
        eventRowType = ArchiveTable.eventRowType(type);
        writer = new SpecificDatumWriter<>(type.topic().valueSchema(), SpecificData.get());
        restored = getRuntimeContext().getMetricGroup().counter(RESTORED_RECORDS_METRIC);
    }

    @Override
    public void flatMap(RowData row, Collector<ConsumedRecord> out) throws IOException {
        int partition = row.getInt(0);
        long offset = row.getLong(1);
        if (offset >= logStartOffsets.getOrDefault(partition, 0L)) {
            return;
        }
        SpecificRecordBase event = (SpecificRecordBase) record(type.schema(), eventRowType, row, COORDINATES);
        out.collect(new ConsumedRecord(type.topic().name(), partition, offset,
                row.getTimestamp(2, 3).getMillisecond(), type.keyOf(event).getBytes(StandardCharsets.UTF_8),
                encode(event)));
        restored.inc();
    }

    private byte[] encode(SpecificRecordBase event) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(512);
        byte[] header = new byte[WireFormat.HEADER_LENGTH];
        WireFormat.writeHeader(schemaId, header);
        buffer.write(header);
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(buffer, null);
        writer.write(event, encoder);
        encoder.flush();
        return buffer.toByteArray();
    }

    /**
     * The record of {@code schema} (its generated class) from the fields of {@code row} starting at {@code first},
     * which {@code rowType} types: Flink's Avro mapping undone field by field.
     */
    static Object record(Schema schema, RowType rowType, RowData row, int first) {
        GenericRecord record = (GenericRecord) SpecificData.get().newRecord(null, schema);
        List<Schema.Field> fields = schema.getFields();
        for (int i = 0; i < fields.size(); i++) {
            LogicalType fieldType = rowType.getTypeAt(i);
            Object value = row.isNullAt(first + i) ? null
                    : RowData.createFieldGetter(fieldType, first + i).getFieldOrNull(row);
            record.put(i, avro(fields.get(i).schema(), fieldType, value));
        }
        return record;
    }

    private static Object avro(Schema schema, LogicalType type, Object value) {
        if (value == null) {
            return null;
        }
        return switch (schema.getType()) {
            case UNION -> avro(schema.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).findFirst()
                    .orElseThrow(), type, value);
            case RECORD -> record(schema, (RowType) type, (RowData) value, 0);
            case ENUM -> SpecificData.get().createEnum(value.toString(), schema);
            case STRING -> value.toString();
            case BYTES -> ByteBuffer.wrap((byte[]) value);
            case LONG -> value instanceof TimestampData time ? time.toInstant() : value;
            case ARRAY -> {
                ArrayData array = (ArrayData) value;
                LogicalType elementType = ((ArrayType) type).getElementType();
                ArrayData.ElementGetter getter = ArrayData.createElementGetter(elementType);
                List<Object> list = new ArrayList<>(array.size());
                for (int i = 0; i < array.size(); i++) {
                    list.add(avro(schema.getElementType(), elementType, getter.getElementOrNull(array, i)));
                }
                yield list;
            }
            case MAP -> {
                MapData map = (MapData) value;
                MapType mapType = (MapType) type;
                ArrayData.ElementGetter values = ArrayData.createElementGetter(mapType.getValueType());
                Map<String, Object> result = new LinkedHashMap<>();
                for (int i = 0; i < map.size(); i++) {
                    result.put(map.keyArray().getString(i).toString(),
                            avro(schema.getValueType(), mapType.getValueType(), values.getElementOrNull(map.valueArray(), i)));
                }
                yield result;
            }
            default -> value; // int, double, float, boolean: the same Java value on both sides
        };
    }
}
