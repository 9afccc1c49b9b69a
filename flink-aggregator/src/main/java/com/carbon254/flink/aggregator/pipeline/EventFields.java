package com.carbon254.flink.aggregator.pipeline;

import java.io.Serializable;
import java.time.Instant;

/**
 * Reads the two fields the pipeline needs from an event: its key (the dataset name) and its event time.
 *
 * @param <T> the event type
 */
public interface EventFields<T> extends Serializable {

    String datasetName(T event);

    /** Event time in epoch milliseconds. */
    long eventTime(T event);

    /**
     * The fields of an event class read by two of its getters. Every event of the platform has a dataset name and a
     * {@code timestamp}, but Avro generates no common interface for them, hence the getters.
     */
    static <T> EventFields<T> of(Getter<T, String> datasetName, Getter<T, Instant> timestamp) {
        return new EventFields<>() {
            private static final long serialVersionUID = 1L;

            @Override
            public String datasetName(T event) {
                return datasetName.get(event);
            }

            @Override
            public long eventTime(T event) {
                return timestamp.get(event).toEpochMilli();
            }
        };
    }

    /**
     * A getter of a generated event class, serializable so that the functions holding it ship with the job.
     *
     * @param <T> the event type
     * @param <V> the field's type
     */
    @FunctionalInterface
    interface Getter<T, V> extends Serializable {
        V get(T event);
    }
}
