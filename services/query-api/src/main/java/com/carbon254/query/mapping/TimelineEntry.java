package com.carbon254.query.mapping;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.JsonNode;

/** One entry of a service's timeline: a health transition, a deployment or a configuration change. */
@Schema(name = "TimelineEntry", description = "A health transition, deployment or configuration change of a service")
public record TimelineEntry(String eventId, String serviceName, String namespace,
        @Schema(enumeration = { "HEALTH_TRANSITION", "DEPLOYMENT", "CONFIG_CHANGE" }) String kind,
        @Schema(description = "The event's own time") Instant occurredAt,
        @Schema(example = "HEALTHY -> DEGRADED") String summary,
        @Schema(description = "The event's fields as plain JSON (sensitive configuration values masked)",
                implementation = Object.class) JsonNode details) {
}
