package com.carbon254.events.catalog;

/** The three families of platform events; each topic, and so each event type, belongs to one. */
public enum EventCategory {
    /** Data lifecycle: ingestion, quality, transformation, lineage, the dataset event store and its aggregates. */
    DATA,
    /** Platform operations: service health, deployments, configuration changes, security decisions. */
    SYSTEM,
    /** Audit trail: user actions, API calls, data access, administrative operations. */
    AUDIT
}
