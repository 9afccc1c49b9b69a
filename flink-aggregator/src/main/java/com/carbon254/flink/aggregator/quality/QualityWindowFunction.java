package com.carbon254.flink.aggregator.quality;

import com.carbon254.events.data.DataQualityAggregatedEvent;
import com.carbon254.flink.aggregator.pipeline.SequencedWindowFunction;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Turns a fired window's {@link QualityWindowAggregate} into a {@link DataQualityAggregatedEvent}. */
public final class QualityWindowFunction
        extends SequencedWindowFunction<QualityWindowAggregate, DataQualityAggregatedEvent> {

    private static final long serialVersionUID = 1L;

    @Override
    protected DataQualityAggregatedEvent figures(QualityWindowAggregate aggregate) {
        List<String> failedChecks = new ArrayList<>(aggregate.getFailedChecks());
        Collections.sort(failedChecks);
        DataQualityAggregatedEvent event = new DataQualityAggregatedEvent();
        event.setChecks(aggregate.getChecks());
        event.setPassed(aggregate.getPassed());
        event.setFailed(aggregate.failed());
        event.setPassRate(aggregate.passRate());
        event.setCriticalFailures(aggregate.getCriticalFailures());
        event.setFailedChecks(failedChecks);
        return event;
    }
}
