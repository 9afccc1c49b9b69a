package com.carbon254.flink.aggregator.pipeline;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

import java.time.Duration;
import java.util.Iterator;
import java.util.Map;

/**
 * Drops the redeliveries of an event: a producer that retries (a client re-posting to the gateway after a timeout, an
 * outbox relay re-publishing) sends the same event again, with the same {@code eventId}, at a new Kafka offset, and
 * the windows must count it once. Keyed by dataset like the windows it feeds (chained to them, no extra shuffle).
 *
 * <p>Each dataset's state maps the ids it has let through to the event time at which their window is closed for good
 * (its end plus the allowed lateness, the window operator's own cleanup time). An event-time timer at that time
 * forgets them: from then on a redelivery could not change the window anyway (the window operator sends it to the
 * too-late output), and the same watermark that closes the window clears the ids. Event time rather than a
 * processing-time state TTL, so that ids are kept exactly as long as their windows, also when the job catches up on a
 * backlog or resumes from a checkpoint after an outage. The state and the timers are in the job's checkpoints.
 *
 * <p>A dropped redelivery is counted ({@value #DUPLICATE_EVENTS_METRIC}), not dead-lettered: it is not an error. An
 * event whose window is already closed for good passes through without being remembered: the window operator
 * dead-letters it as too late, and so each redelivery of it.
 *
 * @param <F> the observation type
 */
public final class DropDuplicateEvents<F extends ObservedEvent> extends KeyedProcessFunction<String, F, F> {

    private static final long serialVersionUID = 1L;

    /** Metric: redeliveries of an event (an eventId the dataset had already delivered) dropped before the windows. */
    public static final String DUPLICATE_EVENTS_METRIC = "duplicateEvents";

    /** Per dataset: eventId → event time at which its window is closed for good. */
    static final MapStateDescriptor<String, Long> SEEN =
            new MapStateDescriptor<>("seen-event-ids", Types.STRING, Types.LONG);

    private final long windowSize;
    private final long allowedLateness;

    private transient MapState<String, Long> seen;
    private transient Counter duplicates;

    /** For tumbling event-time windows of {@code windowSize} that accept late events for {@code allowedLateness}. */
    public DropDuplicateEvents(Duration windowSize, Duration allowedLateness) {
        this.windowSize = windowSize.toMillis();
        this.allowedLateness = allowedLateness.toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        seen = getRuntimeContext().getMapState(SEEN);
        duplicates = getRuntimeContext().getMetricGroup().counter(DUPLICATE_EVENTS_METRIC);
    }

    @Override
    public void processElement(F event, Context ctx, Collector<F> out) throws Exception {
        long closesAt = windowClosesAt(event.getEventTime());
        if (closesAt <= ctx.timerService().currentWatermark()) {
            out.collect(event); // too late for any window: the window operator dead-letters it
            return;
        }
        if (seen.contains(event.getEventId())) {
            duplicates.inc();
            return;
        }
        seen.put(event.getEventId(), closesAt);
        ctx.timerService().registerEventTimeTimer(closesAt); // one timer per dataset and window: Flink de-duplicates them
        out.collect(event);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<F> out) throws Exception {
        Iterator<Map.Entry<String, Long>> entries = seen.iterator();
        while (entries.hasNext()) {
            if (entries.next().getValue() <= timestamp) {
                entries.remove();
            }
        }
    }

    /**
     * When the tumbling window of an event of {@code eventTime} is closed for good: the watermark at which the window
     * operator drops its state and sends later events of it to the too-late output (its last millisecond plus the
     * allowed lateness, saturated as the window operator does).
     */
    long windowClosesAt(long eventTime) {
        long lastMillisecond = TimeWindow.getWindowStartWithOffset(eventTime, 0, windowSize) + windowSize - 1;
        long closesAt = lastMillisecond + allowedLateness;
        return closesAt >= lastMillisecond ? closesAt : Long.MAX_VALUE;
    }
}
