package com.carbon254.query.mapping;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The latest health a service reported ({@code system-health}). */
@Schema(name = "ServiceHealth", description = "Latest health of a service in a namespace")
public record ServiceHealth(String serviceName, String namespace,
        @Schema(enumeration = { "HEALTHY", "DEGRADED", "UNHEALTHY", "UNKNOWN" }) String healthStatus,
        @Schema(description = "When the current status began (event time of the transition into it)") Instant statusSince,
        @Schema(description = "Event time of the latest health report") Instant reportedAt,
        @Schema(description = "Latency the probe measured, if reported") Long latencyMs,
        @Schema(description = "Error rate (0..1), if reported") Double errorRate,
        String message) {
}
