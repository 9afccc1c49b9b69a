package com.carbon254.projector.servicehealth;

import com.carbon254.events.runtime.json.AvroJson;
import com.carbon254.events.system.ConfigChangeEvent;
import com.carbon254.events.system.DeploymentEvent;
import com.carbon254.events.system.ServiceHealthEvent;
import com.carbon254.projector.pipeline.SourcePosition;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Maps system events to service timeline entries: one line for people, the event as JSON for tools. */
public final class ServiceTimelineEntries {

    /** What replaces the old and new values of a sensitive configuration change, in details and summary. */
    public static final String MASK = "***";

    private ServiceTimelineEntries() {
    }

    /** A health status transition: {@code previous} is the status stored before (null for a service's first). */
    public static TimelineEntry transition(ServiceHealthEvent e, ServiceStatus previous, SourcePosition source) {
        String status = e.getHealthStatus().name();
        ObjectNode details = AvroJson.toJson(e);
        details.put("previousStatus", previous == null ? null : previous.healthStatus());
        String summary = previous == null ? "first report: " + status : previous.healthStatus() + " -> " + status;
        return new TimelineEntry(e.getEventId(), e.getNamespace(), e.getServiceName(), TimelineEntry.HEALTH_TRANSITION,
                e.getTimestamp(), summary, details.toString(), source);
    }

    public static TimelineEntry deployment(DeploymentEvent e, SourcePosition source) {
        String summary = e.getAction().name() + " " + e.getServiceVersion() + " " + e.getStatus().name()
                + (e.getReplicas() == null ? "" : " (" + e.getReplicas() + " replicas)");
        return new TimelineEntry(e.getEventId(), e.getNamespace(), e.getServiceName(), TimelineEntry.DEPLOYMENT,
                e.getTimestamp(), summary, AvroJson.toJsonText(e), source);
    }

    /** A configuration change; the values of a {@code sensitive} one never reach the read model. */
    public static TimelineEntry configChange(ConfigChangeEvent e, SourcePosition source) {
        ObjectNode details = AvroJson.toJson(e);
        String summary;
        if (e.getSensitive()) {
            details.put("oldValue", e.getOldValue() == null ? null : MASK);
            details.put("newValue", e.getNewValue() == null ? null : MASK);
            summary = e.getConfigKey() + " changed (sensitive, values masked)";
        } else {
            summary = e.getConfigKey() + ": " + e.getOldValue() + " -> " + e.getNewValue();
        }
        summary += " by " + e.getChangedBy();
        return new TimelineEntry(e.getEventId(), e.getNamespace(), e.getServiceName(), TimelineEntry.CONFIG_CHANGE,
                e.getTimestamp(), summary, details.toString(), source);
    }
}
