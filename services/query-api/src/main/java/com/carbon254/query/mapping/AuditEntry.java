package com.carbon254.query.mapping;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One entry of the audit trail (user actions, API calls, data access, admin operations, security events), with its
 * place in the hash chain.
 */
@Schema(name = "AuditEntry", description = "One entry of the hash-chained audit trail")
public record AuditEntry(
        @Schema(description = "Position in the chain (1, 2, 3, … without gaps)") long seq,
        @Schema(description = "The event's own time") Instant occurredAt,
        @Schema(description = "When the trail stored it") Instant recordedAt,
        String eventId,
        @Schema(enumeration = { "UserAction", "ApiCall", "DataAccess", "AdminOperation", "Security" }) String eventType,
        @Schema(description = "Who acted, as the event claims") String actor,
        @Schema(description = "The authenticated identity that submitted the event: the gateway's token subject, or "
                + "service:<name> for a platform service; null when the event does not say",
                example = "service:dataset-command") String submittedBy,
        String action, String entity,
        @Schema(example = "SUCCESS") String outcome,
        @Schema(description = "The component that produced the event") String source,
        @Schema(description = "The whole event as plain JSON", implementation = Object.class) JsonNode payload,
        @Schema(description = "Hash of the previous entry (hex)") String prevHash,
        @Schema(description = "This entry's hash, sha256 over prevHash and its fields, submittedBy included (hex)") String hash) {
}
