package com.carbon254.projector.audit;

import org.apache.avro.specific.SpecificRecord;

import com.carbon254.events.audit.AdminOperationEvent;
import com.carbon254.events.audit.ApiCallEvent;
import com.carbon254.events.audit.DataAccessEvent;
import com.carbon254.events.audit.UserActionEvent;
import com.carbon254.events.runtime.json.AvroJson;
import com.carbon254.events.system.SecurityEvent;
import com.carbon254.projector.datasets.DatasetChanges.UnsupportedEventException;
import com.carbon254.projector.pipeline.SourcePosition;

/**
 * Maps audit and security events to audit trail entries, column by column as the read-model contract
 * ({@code V2__platform_read_models.sql}) specifies, so that the query API filters every type alike.
 */
public final class AuditEntries {

    private AuditEntries() {
    }

    /**
     * The entry of an event.
     *
     * @throws UnsupportedEventException if the record is not an audit or security event
     */
    public static AuditEntry of(SpecificRecord record, SourcePosition position) {
        String payload = AvroJson.toJsonText(record);
        if (record instanceof UserActionEvent e) {
            String entity = e.getEntityId() == null ? e.getEntityType() : e.getEntityType() + "/" + e.getEntityId();
            return new AuditEntry(e.getEventId(), "UserAction", e.getTimestamp(), e.getActor(), e.getSubmittedBy(),
                    e.getAction(), entity, e.getOutcome().name(), e.getSource(), payload, position);
        }
        if (record instanceof ApiCallEvent e) {
            return new AuditEntry(e.getEventId(), "ApiCall", e.getTimestamp(), e.getActor(), e.getSubmittedBy(),
                    e.getMethod() + " " + e.getPath(), e.getService(), e.getOutcome().name(), e.getSource(), payload,
                    position);
        }
        if (record instanceof DataAccessEvent e) {
            return new AuditEntry(e.getEventId(), "DataAccess", e.getTimestamp(), e.getActor(), e.getSubmittedBy(),
                    e.getAccessType().name(), e.getDatasetName(), e.getOutcome().name(), e.getSource(), payload,
                    position);
        }
        if (record instanceof AdminOperationEvent e) {
            return new AuditEntry(e.getEventId(), "AdminOperation", e.getTimestamp(), e.getActor(),
                    e.getSubmittedBy(), e.getOperation(), e.getTarget(), e.getOutcome().name(), e.getSource(), payload,
                    position);
        }
        if (record instanceof SecurityEvent e) {
            return new AuditEntry(e.getEventId(), "Security", e.getTimestamp(), e.getPrincipal(), e.getSubmittedBy(),
                    e.getAction(), e.getResource(), e.getOutcome().name(), e.getSource(), payload, position);
        }
        throw new UnsupportedEventException("the audit trail takes audit and security events only, not "
                + (record == null ? "null" : record.getSchema().getFullName()));
    }
}
