package com.carbon254.flink.aggregator.ingestion;

import com.carbon254.events.data.DataIngestionAggregatedEvent;
import com.carbon254.flink.aggregator.pipeline.SequencedWindowFunction;

import java.time.Instant;

/** Turns a fired window's {@link IngestionWindowAggregate} into a {@link DataIngestionAggregatedEvent}. */
public final class IngestionWindowFunction
        extends SequencedWindowFunction<IngestionWindowAggregate, DataIngestionAggregatedEvent> {

    private static final long serialVersionUID = 1L;

    public static final String EVENT_TYPE = "DataIngestionAggregated";

    @Override
    public DataIngestionAggregatedEvent result(String datasetName, long windowStart, long windowEnd,
            IngestionWindowAggregate aggregate, int sequence, long emittedAt) {
        return DataIngestionAggregatedEvent.newBuilder()
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
                .setEventCount(aggregate.getEventCount())
                .setTotalRecordCount(aggregate.getTotalRecordCount())
                .setTotalSizeBytes(aggregate.getTotalSizeBytes())
                .setSuccessCount(aggregate.getSuccessCount())
                .setFailureCount(aggregate.getFailureCount())
                .setPartialCount(aggregate.getPartialCount())
                .setFirstEventTime(Instant.ofEpochMilli(aggregate.getFirstEventTime()))
                .setLastEventTime(Instant.ofEpochMilli(aggregate.getLastEventTime()))
                .setDistinctSources(aggregate.distinctSources())
                .setLate(sequence > 0)
                .setUpdateSequence(sequence)
                .build();
    }
}
