package com.carbon254.flink.aggregator.pipeline;

import com.carbon254.flink.aggregator.serde.OutboundRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

import java.time.Duration;
import java.time.Instant;

/**
 * Counts the events that arrived after their window was closed for good (the window operator's late side output) and
 * turns each into a dead letter with reason {@value DeadLetters#TOO_LATE}.
 *
 * @param <F> the observation type
 */
public final class TooLateEvents<F extends ObservedEvent> extends ProcessFunction<F, OutboundRecord> {

    private static final long serialVersionUID = 1L;

    /** Metric: events dropped from the aggregates because they were later than the allowed lateness. */
    public static final String TOO_LATE_EVENTS_METRIC = "tooLateEvents";

    private final String deadLetterTopic;
    private final Duration windowSize;
    private final Duration allowedLateness;

    private transient Counter tooLate;

    public TooLateEvents(String deadLetterTopic, Duration windowSize, Duration allowedLateness) {
        this.deadLetterTopic = deadLetterTopic;
        this.windowSize = windowSize;
        this.allowedLateness = allowedLateness;
    }

    @Override
    public void open(OpenContext openContext) {
        tooLate = getRuntimeContext().getMetricGroup().counter(TOO_LATE_EVENTS_METRIC);
    }

    @Override
    public void processElement(F event, Context ctx, Collector<OutboundRecord> out) {
        tooLate.inc();
        out.collect(DeadLetters.of(deadLetterTopic, event, DeadLetters.TOO_LATE,
                cause(event.getEventTime(), ctx.timerService().currentWatermark()),
                ctx.timerService().currentProcessingTime()));
    }

    private String cause(long eventTime, long watermark) {
        long windowStart = TimeWindow.getWindowStartWithOffset(eventTime, 0, windowSize.toMillis());
        return "event time " + Instant.ofEpochMilli(eventTime) + " belongs to the window starting "
                + Instant.ofEpochMilli(windowStart) + ", closed for good once the watermark passed its end plus the"
                + " allowed lateness of " + allowedLateness + " (watermark now " + Instant.ofEpochMilli(watermark) + ")";
    }
}
