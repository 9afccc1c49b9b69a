package com.carbon254.query.mapping;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The newest timeline entries of a service, newest first. */
@Schema(name = "ServiceTimeline", description = "A service's recent timeline, newest first")
public record ServiceTimeline(String serviceName,
        @Schema(description = "The namespace filter of the request, if any") String namespace,
        List<TimelineEntry> entries) {
}
