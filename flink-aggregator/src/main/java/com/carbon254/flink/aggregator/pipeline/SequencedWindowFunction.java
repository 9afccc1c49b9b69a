package com.carbon254.flink.aggregator.pipeline;

import com.carbon254.events.catalog.EventType;
import com.carbon254.events.runtime.EventContext;
import com.carbon254.events.runtime.EventEnvelope;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * Emits one result per firing of a window, numbering the firings: the on-time firing is update 0, each later firing
 * (a late event within the allowed lateness) is the next update, marked late. The number is kept in per-window state,
 * so it survives restarts and is dropped with the window.
 *
 * <p>A subclass gives the aggregate's own figures ({@link #figures}); the fields every window result has (envelope,
 * dataset, window, the events' time range, the update) are set here.
 *
 * @param <ACC> the window's aggregate
 * @param <OUT> the result event
 */
public abstract class SequencedWindowFunction<ACC extends WindowAggregate<?, ACC>, OUT extends SpecificRecordBase>
        extends ProcessWindowFunction<ACC, OUT, String, TimeWindow> {

    private static final long serialVersionUID = 1L;

    /** The {@code source} of every result event: this job. */
    public static final String SOURCE = "flink-aggregator";

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
     * result's id). The fields every result has are set by name, as {@link EventEnvelope} sets the envelope: the
     * generated result classes share no interface for them.
     *
     * @param windowStart the window's start, epoch milliseconds (inclusive)
     * @param windowEnd   the window's end, epoch milliseconds (exclusive)
     * @param sequence    0 for the on-time result, then 1, 2, ... for late updates
     * @param emittedAt   when the result is emitted (the result event's timestamp)
     */
    public final OUT result(String datasetName, long windowStart, long windowEnd, ACC aggregate, int sequence,
            long emittedAt) {
        OUT event = figures(aggregate);
        event.put(EventEnvelope.EVENT_ID,
                resultId(EventType.of(event).typeName(), datasetName, windowStart, sequence));
        event.put(EventEnvelope.TIMESTAMP, Instant.ofEpochMilli(emittedAt));
        event.put("datasetName", datasetName);
        event.put("windowStart", Instant.ofEpochMilli(windowStart));
        event.put("windowEnd", Instant.ofEpochMilli(windowEnd));
        event.put("firstEventTime", Instant.ofEpochMilli(aggregate.getFirstEventTime()));
        event.put("lastEventTime", Instant.ofEpochMilli(aggregate.getLastEventTime()));
        event.put("late", sequence > 0);
        event.put("updateSequence", sequence);
        return EventEnvelope.complete(event, SOURCE, EventContext.none());
    }

    /** A new result event holding the aggregate's own figures; {@link #result} sets the rest. */
    protected abstract OUT figures(ACC aggregate);

    /**
     * The id of a result: a name-based UUID of the event type, dataset, window start and update sequence, so that a
     * result re-emitted after a replay or restart has the id it had before.
     */
    public static String resultId(String eventType, String datasetName, long windowStart, int sequence) {
        return UUID.nameUUIDFromBytes((eventType + '\n' + datasetName + '\n' + windowStart + '\n' + sequence)
                .getBytes(StandardCharsets.UTF_8)).toString();
    }
}
