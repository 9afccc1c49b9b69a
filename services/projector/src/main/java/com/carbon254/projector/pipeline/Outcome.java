package com.carbon254.projector.pipeline;

/**
 * What one record did to a read model. Every projection counts its records by these
 * ({@code carbon254_projection_events_total{outcome}}).
 */
public enum Outcome {
    /** The record changed the read model. */
    APPLIED,
    /** A redelivery (a record at an offset already applied, or an event id already stored): nothing changed. */
    DUPLICATE,
    /** Older than (or as old as) what the read model holds: kept as history at most, the current state untouched. */
    STALE,
    /** Cannot be applied (poison, wrong type, conflict, a value the database refuses): dead-lettered with the reason. */
    REJECTED
}
