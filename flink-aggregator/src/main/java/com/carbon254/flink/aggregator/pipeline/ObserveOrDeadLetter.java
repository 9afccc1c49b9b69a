package com.carbon254.flink.aggregator.pipeline;

import com.carbon254.flink.aggregator.serde.OutboundRecord;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Reduces each decoded event to its observation (what the windows need, with its origin), and sends the records the
 * source could not decode to the dead-letter side output. Chained to the source: the full event never leaves it.
 *
 * @param <IN> the event type
 * @param <F>  the observation type
 */
public final class ObserveOrDeadLetter<IN, F extends ObservedEvent> extends ProcessFunction<SourceRecord<IN>, F> {

    private static final long serialVersionUID = 1L;

    private final Projection<IN, F> projection;
    private final OutputTag<OutboundRecord> deadLetters;
    private final String deadLetterTopic;

    public ObserveOrDeadLetter(Projection<IN, F> projection, OutputTag<OutboundRecord> deadLetters,
            String deadLetterTopic) {
        this.projection = projection;
        this.deadLetters = deadLetters;
        this.deadLetterTopic = deadLetterTopic;
    }

    @Override
    public void processElement(SourceRecord<IN> record, Context ctx, Collector<F> out) {
        if (record.decoded()) {
            F observation = projection.project(record.getEvent());
            observation.setOrigin(record);
            out.collect(observation);
        } else {
            ctx.output(deadLetters, DeadLetters.of(deadLetterTopic, record, record.getFailure(),
                    record.getFailureDetail(), ctx.timerService().currentProcessingTime()));
        }
    }
}
