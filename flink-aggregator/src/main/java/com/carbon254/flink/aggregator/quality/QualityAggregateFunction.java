package com.carbon254.flink.aggregator.quality;

import org.apache.flink.api.common.functions.AggregateFunction;

/** Folds a window's DataQuality check results into a {@link QualityWindowAggregate}. */
public final class QualityAggregateFunction
        implements AggregateFunction<QualityObservation, QualityWindowAggregate, QualityWindowAggregate> {

    private static final long serialVersionUID = 1L;

    @Override
    public QualityWindowAggregate createAccumulator() {
        return new QualityWindowAggregate();
    }

    @Override
    public QualityWindowAggregate add(QualityObservation event, QualityWindowAggregate aggregate) {
        return aggregate.add(event);
    }

    @Override
    public QualityWindowAggregate getResult(QualityWindowAggregate aggregate) {
        return aggregate;
    }

    @Override
    public QualityWindowAggregate merge(QualityWindowAggregate a, QualityWindowAggregate b) {
        return a.merge(b);
    }
}
