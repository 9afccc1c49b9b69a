package com.carbon254.projector.projection;

import java.time.Instant;

/**
 * One entry of the audit trail before it is chained ({@code audit_entry} row without seq, recorded_at and hashes).
 *
 * @param eventType UserAction, ApiCall, DataAccess, AdminOperation or Security
 * @param payload   the whole event as plain JSON
 */
public record AuditEntry(String eventId, String eventType, Instant occurredAt, String actor, String action,
        String entity, String outcome, String source, String payload, SourcePosition position) {
}
