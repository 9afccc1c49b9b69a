package com.carbon254.projector.servicehealth;

import java.time.Instant;

/** The latest health of one service ({@code service_status} row). */
public record ServiceStatus(String namespace, String serviceName, String healthStatus, Long latencyMs,
        Double errorRate, String message, Instant reportedAt, Instant statusSince, String lastEventId) {

    /** The key of a service: namespace and name. */
    public record Key(String namespace, String serviceName) {
    }

    public Key key() {
        return new Key(namespace, serviceName);
    }
}
