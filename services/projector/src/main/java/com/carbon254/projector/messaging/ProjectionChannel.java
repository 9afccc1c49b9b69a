package com.carbon254.projector.messaging;

import java.util.Arrays;
import java.util.Optional;

/**
 * The projector's incoming channels and the projection each one feeds: the name under which the projection stores
 * its positions ({@code read_model.projection_position.projection}) and counts its metrics ({@code projection} tag).
 * Each channel has a consumer group of its own ({@code mp.messaging.incoming.<channel>.group.id}).
 */
public enum ProjectionChannel {

    /** data-events → dataset, dataset_event, search index. */
    DATASETS("data-events", "datasets"),
    /** data-ingestion-aggregated → ingestion_window. */
    INGESTION_STATS("ingestion-stats", "ingestion-stats"),
    /** system-health, deployment-events, config-changes → service_status, service_timeline. */
    SERVICE_HEALTH("service-health", "service-health"),
    /** data-lineage → lineage_edge. */
    LINEAGE("lineage", "lineage"),
    /** The audit topics and security-events → audit_entry (hash chain). */
    AUDIT_TRAIL("audit-trail", "audit-trail"),
    /** Every {@code <topic>.dlq} of the catalog → dead_letter. */
    DEAD_LETTERS("dead-letters", "dead-letters");

    private final String channel;
    private final String projection;

    ProjectionChannel(String channel, String projection) {
        this.channel = channel;
        this.projection = projection;
    }

    /** The SmallRye channel name ({@code @Incoming}). */
    public String channel() {
        return channel;
    }

    /** The projection name (positions, metrics). */
    public String projection() {
        return projection;
    }

    public static Optional<ProjectionChannel> byProjection(String projection) {
        return Arrays.stream(values()).filter(c -> c.projection.equals(projection)).findFirst();
    }
}
