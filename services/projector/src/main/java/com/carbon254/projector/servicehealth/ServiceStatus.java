package com.carbon254.projector.servicehealth;

import java.time.Instant;

import com.carbon254.projector.pipeline.SourcePosition;

/**
 * The latest health of one service ({@code service_status} row).
 *
 * @param source where the event that last changed the row was read (its provenance); null when unknown
 */
public record ServiceStatus(String namespace, String serviceName, String healthStatus, Long latencyMs,
        Double errorRate, String message, Instant reportedAt, Instant statusSince, String lastEventId,
        SourcePosition source) {

    /** The key of a service: namespace and name. */
    public record Key(String namespace, String serviceName) {
    }

    public Key key() {
        return new Key(namespace, serviceName);
    }
}
