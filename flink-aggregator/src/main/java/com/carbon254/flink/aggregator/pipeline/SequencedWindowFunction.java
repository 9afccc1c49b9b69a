package com.carbon254.flink.aggregator.pipeline;

import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Emits one result per firing of a window, numbering the firings: the on-time firing is update 0, each later firing
 * (a late event within the allowed lateness) is the next update, marked late. The number is kept in per-window state,
 * so it survives restarts and is dropped with the window.
 *
 * @param <ACC> the window's aggregate
 * @param <OUT> the result event
 */
public abstract class SequencedWindowFunction<ACC, OUT> extends ProcessWindowFunction<ACC, OUT, String, TimeWindow> {

    private static final long serialVersionUID = 1L;

    /** The {@code source} of every result event: this job. */
    public static final String SOURCE = "flink-aggregator";
    /** The {@code version} of every result event's schema the job writes. */
    public static final String VERSION = "1";

    private static final ValueStateDescriptor<Integer> LAST_SEQUENCE =
            new ValueStateDescriptor<>("last-update-sequence", Types.INT);

    @Override
    public void process(String datasetName, Context context, Iterable<ACC> aggregates, Collector<OUT> out)
            throws Exception {
        ValueState<Integer> last = context.windowState().getState(LAST_SEQUENCE);
        int sequence = last.value() == null ? 0 : last.value() + 1;
        last.update(sequence);
        ACC aggregate = aggregates.iterator().next();
        TimeWindow window = context.window();
        out.collect(result(datasetName, window.getStart(), window.getEnd(), aggregate, sequence,
                context.currentProcessingTime()));
    }

    @Override
    public void clear(Context context) {
        context.windowState().getState(LAST_SEQUENCE).clear();
    }

    /**
     * The result event of one firing (pure: the same arguments give the same event, which is what keeps a replayed
     * result's id).
     *
     * @param windowStart the window's start, epoch milliseconds (inclusive)
     * @param windowEnd   the window's end, epoch milliseconds (exclusive)
     * @param sequence    0 for the on-time result, then 1, 2, ... for late updates
     * @param emittedAt   when the result is emitted (the result event's timestamp)
     */
    public abstract OUT result(String datasetName, long windowStart, long windowEnd, ACC aggregate, int sequence,
            long emittedAt);

    /**
     * The id of a result: a name-based UUID of the event type, dataset, window start and update sequence, so that a
     * result re-emitted after a replay or restart has the id it had before.
     */
    public static String resultId(String eventType, String datasetName, long windowStart, int sequence) {
        return UUID.nameUUIDFromBytes((eventType + '\n' + datasetName + '\n' + windowStart + '\n' + sequence)
                .getBytes(StandardCharsets.UTF_8)).toString();
    }
}
