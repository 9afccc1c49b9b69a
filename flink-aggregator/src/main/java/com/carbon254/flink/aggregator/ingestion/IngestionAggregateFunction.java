package com.carbon254.flink.aggregator.ingestion;

import org.apache.flink.api.common.functions.AggregateFunction;

/** Folds a window's DataIngestion events into an {@link IngestionWindowAggregate} (incrementally, one per window). */
public final class IngestionAggregateFunction
        implements AggregateFunction<IngestionObservation, IngestionWindowAggregate, IngestionWindowAggregate> {

    private static final long serialVersionUID = 1L;

    @Override
    public IngestionWindowAggregate createAccumulator() {
        return new IngestionWindowAggregate();
    }

    @Override
    public IngestionWindowAggregate add(IngestionObservation event, IngestionWindowAggregate aggregate) {
        return aggregate.add(event);
    }

    @Override
    public IngestionWindowAggregate getResult(IngestionWindowAggregate aggregate) {
        return aggregate;
    }

    @Override
    public IngestionWindowAggregate merge(IngestionWindowAggregate a, IngestionWindowAggregate b) {
        return a.merge(b);
    }
}
