package com.carbon254.flink.aggregator.pipeline;

import com.carbon254.flink.aggregator.ingestion.IngestionObservation;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.nio.file.Path;

import static com.carbon254.flink.aggregator.pipeline.DropDuplicateEventsTest.FIRST_WINDOW_CLOSES;
import static com.carbon254.flink.aggregator.pipeline.DropDuplicateEventsTest.MINUTE;
import static com.carbon254.flink.aggregator.pipeline.DropDuplicateEventsTest.T0;
import static com.carbon254.flink.aggregator.pipeline.DropDuplicateEventsTest.ids;
import static com.carbon254.flink.aggregator.pipeline.DropDuplicateEventsTest.process;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The de-duplication's state (per dataset, the event ids it has let through, and the event-time timers that forget
 * them) is in the job's checkpoints and savepoints, so a checkpoint of an earlier version of the job must restore
 * into today's operator. {@code state/drop-duplicate-events.snapshot} is an operator snapshot of the first version,
 * written from Flink's test harness with {@code OperatorSnapshotUtil.writeStateHandle}: 5-minute windows, 2 minutes of
 * allowed lateness; dataset {@code orders} had let through {@code a} (event time 1 min) and {@code b} (6 min),
 * {@code returns} had let through {@code a} (2 min); watermark 4 min. When the state changes, keep this snapshot (a
 * running job's checkpoints have that layout) and add one of the new layout next to it.
 */
class DropDuplicateEventsStateTest {

    @Test
    void theIdsAndTimersOfAnEarlierCheckpointRestore() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, IngestionObservation, IngestionObservation> harness =
                DropDuplicateEventsTest.harness()) {
            harness.initializeState(resource("drop-duplicate-events.snapshot"));
            harness.open();
            assertThat(harness.numEventTimeTimers()).as("orders [0, 5), orders [5, 10), returns [0, 5)").isEqualTo(3);

            process(harness, "orders", "a", T0 + MINUTE);
            process(harness, "orders", "b", T0 + 6 * MINUTE);
            process(harness, "returns", "a", T0 + 2 * MINUTE);
            process(harness, "orders", "c", T0 + 3 * MINUTE);
            assertThat(ids(harness)).containsExactly("c");

            // The restored timers forget the ids of [0, 5) when it is closed for good; those of [5, 10) stay.
            harness.processWatermark(new Watermark(FIRST_WINDOW_CLOSES));
            assertThat(harness.numEventTimeTimers()).isEqualTo(1);
            process(harness, "orders", "b", T0 + 6 * MINUTE);
            assertThat(ids(harness)).containsExactly("c");
        }
    }

    private static String resource(String name) throws Exception {
        URL url = DropDuplicateEventsStateTest.class.getResource("/state/" + name);
        assertThat(url).as(name).isNotNull();
        return Path.of(url.toURI()).toString();
    }
}
