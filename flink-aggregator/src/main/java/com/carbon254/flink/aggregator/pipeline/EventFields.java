package com.carbon254.flink.aggregator.pipeline;

import java.io.Serializable;

/**
 * Reads the two fields the pipeline needs from an event: its key (the dataset name) and its event time.
 *
 * @param <T> the event type
 */
public interface EventFields<T> extends Serializable {

    String datasetName(T event);

    /** Event time in epoch milliseconds. */
    long eventTime(T event);
}
