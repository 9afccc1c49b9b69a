package com.carbon254.flink.aggregator.archive;

import com.carbon254.flink.aggregator.pipeline.ConsumedRecord;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link InOffsetOrder} in Flink's operator test harness: the records of each partition, read in any order from the
 * archive's files, come out sorted by offset once the input has ended (the final watermark).
 */
class InOffsetOrderTest {

    @Test
    void eachPartitionsRecordsComeOutInOffsetOrderAtTheEndOfTheInput() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, ConsumedRecord, ConsumedRecord> harness =
                new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new InOffsetOrder()),
                        r -> r.getTopic() + "/" + r.getPartition(), Types.STRING)) {
            harness.open();
            for (long offset : new long[] {7, 3, 9, 1}) {
                harness.processElement(new StreamRecord<>(record(0, offset)));
                harness.processElement(new StreamRecord<>(record(1, 100 - offset)));
            }
            assertThat(harness.extractOutputValues()).as("nothing before the end").isEmpty();

            harness.processWatermark(new Watermark(Long.MAX_VALUE));

            assertThat(harness.extractOutputValues().stream().filter(r -> r.getPartition() == 0))
                    .extracting(ConsumedRecord::getOffset).containsExactly(1L, 3L, 7L, 9L);
            assertThat(harness.extractOutputValues().stream().filter(r -> r.getPartition() == 1))
                    .extracting(ConsumedRecord::getOffset).containsExactly(91L, 93L, 97L, 99L);
        }
    }

    private static ConsumedRecord record(int partition, long offset) {
        return new ConsumedRecord("data-quality", partition, offset, 0L, new byte[0], new byte[0]);
    }
}
