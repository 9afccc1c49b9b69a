package com.carbon254.flink.aggregator.pipeline;

import java.io.Serializable;

/**
 * Reduces a decoded event to the observation its aggregation needs.
 *
 * @param <IN> the event type
 * @param <F>  the observation type
 */
@FunctionalInterface
public interface Projection<IN, F extends ObservedEvent> extends Serializable {

    F project(IN event);
}
