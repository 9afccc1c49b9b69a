package com.carbon254.projector.servicehealth;

import java.time.Instant;

import com.carbon254.projector.pipeline.SourcePosition;

/**
 * One entry of a service's timeline ({@code service_timeline} row).
 *
 * @param kind    HEALTH_TRANSITION, DEPLOYMENT or CONFIG_CHANGE
 * @param details the event as plain JSON (sensitive configuration values masked)
 */
public record TimelineEntry(String eventId, String namespace, String serviceName, String kind, Instant occurredAt,
        String summary, String details, SourcePosition source) {

    public static final String HEALTH_TRANSITION = "HEALTH_TRANSITION";
    public static final String DEPLOYMENT = "DEPLOYMENT";
    public static final String CONFIG_CHANGE = "CONFIG_CHANGE";
}
