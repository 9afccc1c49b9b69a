package com.carbon254.flink.aggregator.archive;

import com.carbon254.events.catalog.EventType;
import com.carbon254.events.catalog.TopicDefinition;
import com.carbon254.events.runtime.serde.RegistrySchemas;
import com.carbon254.flink.aggregator.pipeline.ConsumedRecord;
import com.carbon254.flink.aggregator.serde.RegistryAvroDecoder;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.formats.avro.AvroToRowDataConverters;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.data.utils.JoinedRowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.io.IOException;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes each record of the catalog topics through the registry and emits it as a row of its event type's table, on
 * that table's side output ({@link #output(EventType)}); a record that cannot be decoded becomes a row of
 * {@value ArchiveTable#UNDECODABLE} with its bytes and the reason, so that the archive keeps everything the topics held.
 * An unreachable registry fails the task (the restart strategy retries), as in the aggregations.
 */
public final class ToArchiveRows extends ProcessFunction<ConsumedRecord, Void> {

    private static final long serialVersionUID = 1L;

    /** Metric: records written as rows of their event type's table. */
    public static final String ARCHIVED_RECORDS_METRIC = "archivedRecords";
    /** Metric: records that could not be decoded (written to {@value ArchiveTable#UNDECODABLE}). */
    public static final String UNDECODABLE_RECORDS_METRIC = "undecodableRecords";

    private final HashMap<String, RegistryAvroDecoder<SpecificRecordBase>> decoders = new HashMap<>();

    private transient Map<EventType, AvroToRowDataConverters.AvroToRowDataConverter> converters;
    private transient Map<EventType, OutputTag<RowData>> outputs;
    private transient OutputTag<RowData> undecodableRows;
    private transient Counter archived;
    private transient Counter undecodable;

    public ToArchiveRows(List<TopicDefinition> topics, RegistrySchemas registry) {
        topics.forEach(topic -> decoders.put(topic.name(), RegistryAvroDecoder.forTopic(topic, registry)));
    }

    /** The side output of an event type's rows. */
    public static OutputTag<RowData> output(EventType type) {
        return output(ArchiveTable.of(type));
    }

    /** The side output of {@value ArchiveTable#UNDECODABLE}'s rows. */
    public static OutputTag<RowData> undecodableOutput() {
        return output(ArchiveTable.undecodable());
    }

    private static OutputTag<RowData> output(ArchiveTable table) {
        return new OutputTag<>("archive-" + table.name(), InternalTypeInfo.of(table.rowType()));
    }

    @Override
    public void open(OpenContext context) {
        converters = new EnumMap<>(EventType.class);
        outputs = new EnumMap<>(EventType.class);
        for (EventType type : EventType.values()) {
            converters.put(type, AvroToRowDataConverters.createRowConverter(ArchiveTable.eventRowType(type), false));
            outputs.put(type, output(type));
        }
        undecodableRows = undecodableOutput();
        archived = getRuntimeContext().getMetricGroup().counter(ARCHIVED_RECORDS_METRIC);
        undecodable = getRuntimeContext().getMetricGroup().counter(UNDECODABLE_RECORDS_METRIC);
    }

    @Override
    public void processElement(ConsumedRecord record, Context ctx, Collector<Void> out) throws IOException {
        RegistryAvroDecoder.Decoded<SpecificRecordBase> decoded = decoders.get(record.getTopic())
                .decode(record.getValue());
        TimestampData kafkaTime = TimestampData.fromEpochMillis(record.getTimestamp());
        if (decoded.decoded()) {
            EventType type = EventType.of(decoded.event());
            RowData event = (RowData) converters.get(type).convert(decoded.event());
            ctx.output(outputs.get(type), new JoinedRowData(
                    GenericRowData.of(record.getPartition(), record.getOffset(), kafkaTime), event));
            archived.inc();
        } else {
            ctx.output(undecodableRows, GenericRowData.of(StringData.fromString(record.getTopic()),
                    record.getPartition(), record.getOffset(), kafkaTime, record.getKey(), record.getValue(),
                    StringData.fromString(decoded.failure()), StringData.fromString(decoded.detail())));
            undecodable.inc();
        }
    }
}
