package com.carbon254.flink.aggregator.ingestion;

import com.carbon254.events.data.DataIngestionAggregatedEvent;
import com.carbon254.flink.aggregator.pipeline.SequencedWindowFunction;

/** Turns a fired window's {@link IngestionWindowAggregate} into a {@link DataIngestionAggregatedEvent}. */
public final class IngestionWindowFunction
        extends SequencedWindowFunction<IngestionWindowAggregate, DataIngestionAggregatedEvent> {

    private static final long serialVersionUID = 1L;

    @Override
    protected DataIngestionAggregatedEvent figures(IngestionWindowAggregate aggregate) {
        DataIngestionAggregatedEvent event = new DataIngestionAggregatedEvent();
        event.setEventCount(aggregate.getEventCount());
        event.setTotalRecordCount(aggregate.getTotalRecordCount());
        event.setTotalSizeBytes(aggregate.getTotalSizeBytes());
        event.setSuccessCount(aggregate.getSuccessCount());
        event.setFailureCount(aggregate.getFailureCount());
        event.setPartialCount(aggregate.getPartialCount());
        event.setDistinctSources(aggregate.distinctSources());
        return event;
    }
}
