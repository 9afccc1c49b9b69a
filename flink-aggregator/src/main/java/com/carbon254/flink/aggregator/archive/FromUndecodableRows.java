package com.carbon254.flink.aggregator.archive;

import com.carbon254.flink.aggregator.pipeline.ConsumedRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.table.data.RowData;
import org.apache.flink.util.Collector;

import java.util.HashMap;
import java.util.Map;

/**
 * A row of {@value ArchiveTable#UNDECODABLE} back into the Kafka record it was, byte for byte: its key and value as
 * archived (whatever the archive could not decode as an event of the topic), at its topic, partition, offset and
 * record time. Nothing is decoded or checked here: whether the record is an event is for the
 * replay's consumer to decide, as it was for the original's. Only rows below the log start offset of their partition
 * pass (what Kafka still holds is read there).
 */
final class FromUndecodableRows extends RichFlatMapFunction<RowData, ConsumedRecord> {

    private static final long serialVersionUID = 1L;

    // Column positions in ArchiveTable.undecodable().
    private static final int TOPIC = 0;
    private static final int PARTITION = 1;
    private static final int OFFSET = 2;
    private static final int TIMESTAMP = 3;
    private static final int KEY = 4;
    private static final int VALUE = 5;

    private final HashMap<String, HashMap<Integer, Long>> logStartOffsets = new HashMap<>();

    private transient Counter restored;

    /** @param logStartOffsets per restored topic and partition, the first offset Kafka still holds */
    FromUndecodableRows(Map<String, Map<Integer, Long>> logStartOffsets) {
        logStartOffsets.forEach((topic, partitions) -> this.logStartOffsets.put(topic, new HashMap<>(partitions)));
    }

    @Override
    public void open(OpenContext context) {
        // The same metric as the event types' rows: restoredRecords counts every record a restore writes back.
        restored = getRuntimeContext().getMetricGroup().counter(FromArchiveRows.RESTORED_RECORDS_METRIC);
    }

    @Override
    public void flatMap(RowData row, Collector<ConsumedRecord> out) {
        String topic = row.getString(TOPIC).toString();
        int partition = row.getInt(PARTITION);
        long offset = row.getLong(OFFSET);
        // The source reads the restored topics' rows only.
        if (offset >= logStartOffsets.get(topic).getOrDefault(partition, 0L)) {
            return;
        }
        out.collect(new ConsumedRecord(topic, partition, offset, row.getTimestamp(TIMESTAMP, 3).getMillisecond(),
                row.isNullAt(KEY) ? null : row.getBinary(KEY), row.isNullAt(VALUE) ? null : row.getBinary(VALUE)));
        restored.inc();
    }
}
