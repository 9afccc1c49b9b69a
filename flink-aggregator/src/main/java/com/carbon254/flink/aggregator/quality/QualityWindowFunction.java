package com.carbon254.flink.aggregator.quality;

import com.carbon254.events.data.DataQualityAggregatedEvent;
import com.carbon254.flink.aggregator.pipeline.SequencedWindowFunction;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Turns a fired window's {@link QualityWindowAggregate} into a {@link DataQualityAggregatedEvent}. */
public final class QualityWindowFunction
        extends SequencedWindowFunction<QualityWindowAggregate, DataQualityAggregatedEvent> {

    private static final long serialVersionUID = 1L;

    public static final String EVENT_TYPE = "DataQualityAggregated";

    @Override
    public DataQualityAggregatedEvent result(String datasetName, long windowStart, long windowEnd,
            QualityWindowAggregate aggregate, int sequence, long emittedAt) {
        List<String> failedChecks = new ArrayList<>(aggregate.getFailedChecks());
        Collections.sort(failedChecks);
        return DataQualityAggregatedEvent.newBuilder()
                .setEventId(resultId(EVENT_TYPE, datasetName, windowStart, sequence))
                .setEventType(EVENT_TYPE)
                .setTimestamp(Instant.ofEpochMilli(emittedAt))
                .setSource(SOURCE)
                .setVersion(VERSION)
                .setCorrelationId(null)
                .setCausationId(null)
                .setWindowStart(Instant.ofEpochMilli(windowStart))
                .setWindowEnd(Instant.ofEpochMilli(windowEnd))
                .setDatasetName(datasetName)
                .setChecks(aggregate.getChecks())
                .setPassed(aggregate.getPassed())
                .setFailed(aggregate.failed())
                .setPassRate(aggregate.passRate())
                .setCriticalFailures(aggregate.getCriticalFailures())
                .setFailedChecks(failedChecks)
                .setFirstEventTime(Instant.ofEpochMilli(aggregate.getFirstEventTime()))
                .setLastEventTime(Instant.ofEpochMilli(aggregate.getLastEventTime()))
                .setLate(sequence > 0)
                .setUpdateSequence(sequence)
                .build();
    }
}
