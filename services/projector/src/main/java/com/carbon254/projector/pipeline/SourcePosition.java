package com.carbon254.projector.pipeline;

import java.time.Instant;

/** Where a record was read: the Kafka coordinates written beside the history and as the projection position. */
public record SourcePosition(String topic, int partition, long offset, Instant recordTime) {
}
