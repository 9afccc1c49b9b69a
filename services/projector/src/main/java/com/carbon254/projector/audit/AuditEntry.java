package com.carbon254.projector.audit;

import java.time.Instant;

import com.carbon254.projector.pipeline.SourcePosition;

/**
 * One entry of the audit trail before it is chained ({@code audit_entry} row without seq, recorded_at and hashes).
 *
 * @param eventType   UserAction, ApiCall, DataAccess, AdminOperation or Security
 * @param actor       who the event says acted
 * @param submittedBy the authenticated identity that submitted the event (a token subject, or
 *                    {@code service:<name>}); null when the event does not say
 * @param payload     the whole event as plain JSON
 */
public record AuditEntry(String eventId, String eventType, Instant occurredAt, String actor, String submittedBy,
        String action, String entity, String outcome, String source, String payload, SourcePosition position) {
}
