package com.carbon254.flink.aggregator.pipeline;

import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.util.function.SerializableSupplier;

/**
 * Folds a window's observations into its {@link WindowAggregate}, incrementally, one aggregate per window; the window's
 * result is the aggregate itself, which the {@link SequencedWindowFunction} turns into the result event.
 *
 * @param <F>   the observation
 * @param <ACC> the window aggregate
 */
public final class WindowAggregateFunction<F extends ObservedEvent, ACC extends WindowAggregate<F, ACC>>
        implements AggregateFunction<F, ACC, ACC> {

    private static final long serialVersionUID = 1L;

    private final SerializableSupplier<ACC> empty;

    /** @param empty a new, empty aggregate (its class's constructor) */
    public WindowAggregateFunction(SerializableSupplier<ACC> empty) {
        this.empty = empty;
    }

    @Override
    public ACC createAccumulator() {
        return empty.get();
    }

    @Override
    public ACC add(F event, ACC aggregate) {
        return aggregate.add(event);
    }

    @Override
    public ACC getResult(ACC aggregate) {
        return aggregate;
    }

    @Override
    public ACC merge(ACC a, ACC b) {
        return a.merge(b);
    }
}
