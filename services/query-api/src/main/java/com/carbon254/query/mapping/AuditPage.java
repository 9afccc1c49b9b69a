package com.carbon254.query.mapping;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One page of audit entries, newest (highest seq) first. */
@Schema(name = "AuditPage", description = "Audit entries, newest first, and the cursor of the next page")
public record AuditPage(List<AuditEntry> items,
        @Schema(description = "Pass as 'after' for the next (older) page; null on the last page") String next) {
}
