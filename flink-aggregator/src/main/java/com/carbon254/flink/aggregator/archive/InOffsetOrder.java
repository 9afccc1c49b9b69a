package com.carbon254.flink.aggregator.archive;

import com.carbon254.flink.aggregator.pipeline.ConsumedRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Emits the records of one partition (the key) in offset order: the archive's files hold them in no particular order
 * across files. Buffers the partition's records and emits them at the end of the input (the restore runs in batch
 * execution, where that timer fires once all of a key's records are in).
 */
final class InOffsetOrder extends KeyedProcessFunction<String, ConsumedRecord, ConsumedRecord> {

    private static final long serialVersionUID = 1L;

    private transient ListState<ConsumedRecord> buffered;

    @Override
    public void open(OpenContext context) {
        buffered = getRuntimeContext().getListState(new ListStateDescriptor<>("records", ConsumedRecord.typeInfo()));
    }

    @Override
    public void processElement(ConsumedRecord record, Context ctx, Collector<ConsumedRecord> out) throws Exception {
        buffered.add(record);
        ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ConsumedRecord> out) throws Exception {
        List<ConsumedRecord> records = new ArrayList<>();
        buffered.get().forEach(records::add);
        records.sort(Comparator.comparingLong(ConsumedRecord::getOffset));
        records.forEach(out::collect);
        buffered.clear();
    }
}
