package com.carbon254.projector;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.carbon254.events.audit.AccessType;
import com.carbon254.events.audit.AdminOperationEvent;
import com.carbon254.events.audit.ApiCallEvent;
import com.carbon254.events.audit.DataAccessEvent;
import com.carbon254.events.audit.UserActionEvent;
import com.carbon254.events.common.Outcome;
import com.carbon254.events.data.DataIngestionAggregatedEvent;
import com.carbon254.events.data.DataLineageEvent;
import com.carbon254.events.data.DataQualityAggregatedEvent;
import com.carbon254.events.data.DataTransformationEvent;
import com.carbon254.events.data.LineageOperation;
import com.carbon254.events.data.TransformationStatus;
import com.carbon254.events.runtime.EventEnvelope;
import com.carbon254.events.system.ConfigChangeEvent;
import com.carbon254.events.system.DeploymentAction;
import com.carbon254.events.system.DeploymentEvent;
import com.carbon254.events.system.DeploymentStatus;
import com.carbon254.events.system.HealthStatus;
import com.carbon254.events.system.SecurityEvent;
import com.carbon254.events.system.ServiceHealthEvent;

/** Events of the platform's other categories, complete (envelope filled), with the ids and times a test sets. */
final class PlatformEvents {

    static final Instant T0 = Instant.parse("2025-06-01T10:00:00Z");

    private PlatformEvents() {
    }

    static String newId() {
        return UUID.randomUUID().toString();
    }

    static DataQualityAggregatedEvent quality(String dataset, Instant start, int sequence, long checks, long passed,
            long critical, List<String> failedChecks) {
        DataQualityAggregatedEvent e = new DataQualityAggregatedEvent();
        e.setEventId(newId());
        e.setTimestamp(start.plusSeconds(300 + sequence));
        e.setDatasetName(dataset);
        e.setWindowStart(start);
        e.setWindowEnd(start.plusSeconds(300));
        e.setChecks(checks);
        e.setPassed(passed);
        e.setFailed(checks - passed);
        e.setPassRate((double) passed / checks);
        e.setCriticalFailures(critical);
        e.setFailedChecks(failedChecks);
        e.setFirstEventTime(start.plusSeconds(1));
        e.setLastEventTime(start.plusSeconds(299));
        e.setLate(sequence > 0);
        e.setUpdateSequence(sequence);
        return EventEnvelope.complete(e, "test", null);
    }

    static DataTransformationEvent transformation(String job, String runId, List<String> inputs, String output,
            TransformationStatus status, Instant finishedAt) {
        DataTransformationEvent e = new DataTransformationEvent();
        e.setEventId(newId());
        e.setTimestamp(finishedAt);
        e.setJobName(job);
        e.setRunId(runId);
        e.setEngine("dbt");
        e.setInputDatasets(inputs);
        e.setOutputDataset(output);
        e.setRecordsIn(1000L);
        e.setRecordsOut(status == TransformationStatus.SUCCESS ? 900L : 0L);
        e.setDurationMs(42_000L);
        e.setStatus(status);
        e.setErrorMessage(status == TransformationStatus.FAILURE ? "relation does not exist" : null);
        e.setMetadata(Map.of("scheduler", "dolphinscheduler"));
        return EventEnvelope.complete(e, "test", null);
    }

    static DataIngestionAggregatedEvent window(String dataset, Instant start, int sequence, long events) {
        DataIngestionAggregatedEvent e = new DataIngestionAggregatedEvent();
        e.setEventId(newId());
        e.setTimestamp(start.plusSeconds(300 + sequence));
        e.setDatasetName(dataset);
        e.setWindowStart(start);
        e.setWindowEnd(start.plusSeconds(300));
        e.setEventCount(events);
        e.setTotalRecordCount(events * 100);
        e.setTotalSizeBytes(events * 1000);
        e.setSuccessCount(events);
        e.setFailureCount(0L);
        e.setPartialCount(0L);
        e.setFirstEventTime(start.plusSeconds(1));
        e.setLastEventTime(start.plusSeconds(299));
        e.setDistinctSources(1);
        e.setLate(sequence > 1);
        e.setUpdateSequence(sequence);
        return EventEnvelope.complete(e, "test", null);
    }

    static ServiceHealthEvent health(String eventId, String service, HealthStatus status, Instant at) {
        ServiceHealthEvent e = new ServiceHealthEvent();
        e.setEventId(eventId);
        e.setTimestamp(at);
        e.setServiceName(service);
        e.setNamespace("prod");
        e.setHealthStatus(status);
        e.setLatencyMs(12L);
        e.setErrorRate(0.01);
        e.setMessage(status.name().toLowerCase());
        return EventEnvelope.complete(e, "test", null);
    }

    static DeploymentEvent deployment(String service, String version, Instant at) {
        DeploymentEvent e = new DeploymentEvent();
        e.setEventId(newId());
        e.setTimestamp(at);
        e.setServiceName(service);
        e.setNamespace("prod");
        e.setServiceVersion(version);
        e.setAction(DeploymentAction.DEPLOY);
        e.setStatus(DeploymentStatus.SUCCEEDED);
        e.setActor("ci");
        e.setReplicas(3);
        return EventEnvelope.complete(e, "test", null);
    }

    static ConfigChangeEvent configChange(String service, String key, String oldValue, String newValue,
            boolean sensitive, Instant at) {
        ConfigChangeEvent e = new ConfigChangeEvent();
        e.setEventId(newId());
        e.setTimestamp(at);
        e.setServiceName(service);
        e.setNamespace("prod");
        e.setConfigKey(key);
        e.setOldValue(oldValue);
        e.setNewValue(newValue);
        e.setSensitive(sensitive);
        e.setChangedBy("ops");
        return EventEnvelope.complete(e, "test", null);
    }

    static DataLineageEvent lineage(String source, String target, String job, LineageOperation operation, Instant at) {
        DataLineageEvent e = new DataLineageEvent();
        e.setEventId(newId());
        e.setTimestamp(at);
        e.setSourceDataset(source);
        e.setTargetDataset(target);
        e.setOperation(operation);
        e.setJobName(job);
        e.setTransformation(job == null ? null : "SELECT * FROM " + source);
        e.setMetadata(Map.of("owner", "data-team"));
        return EventEnvelope.complete(e, "test", null);
    }

    static UserActionEvent userAction(String actor, String action, String entityType, String entityId) {
        UserActionEvent e = new UserActionEvent();
        e.setEventId(newId());
        e.setTimestamp(T0);
        e.setActor(actor);
        e.setAction(action);
        e.setEntityType(entityType);
        e.setEntityId(entityId);
        e.setOutcome(Outcome.SUCCESS);
        e.setDetails(Map.of("k", "v"));
        return EventEnvelope.complete(e, "test", null);
    }

    static ApiCallEvent apiCall(String actor) {
        ApiCallEvent e = new ApiCallEvent();
        e.setEventId(newId());
        e.setTimestamp(T0.plusSeconds(1));
        e.setActor(actor);
        e.setService("query-api");
        e.setMethod("GET");
        e.setPath("/datasets");
        e.setStatusCode(200);
        e.setLatencyMs(5L);
        e.setOutcome(Outcome.SUCCESS);
        return EventEnvelope.complete(e, "test", null);
    }

    static DataAccessEvent dataAccess(String actor, String dataset) {
        DataAccessEvent e = new DataAccessEvent();
        e.setEventId(newId());
        e.setTimestamp(T0.plusSeconds(2));
        e.setActor(actor);
        e.setDatasetName(dataset);
        e.setAccessType(AccessType.READ);
        e.setOutcome(Outcome.SUCCESS);
        e.setColumns(List.of("id"));
        return EventEnvelope.complete(e, "test", null);
    }

    static AdminOperationEvent adminOperation(String actor) {
        AdminOperationEvent e = new AdminOperationEvent();
        e.setEventId(newId());
        e.setTimestamp(T0.plusSeconds(3));
        e.setActor(actor);
        e.setOperation("topic.create");
        e.setTarget("data-x");
        e.setParameters(Map.of("partitions", "3"));
        e.setOutcome(Outcome.SUCCESS);
        return EventEnvelope.complete(e, "test", null);
    }

    static SecurityEvent security(String principal) {
        SecurityEvent e = new SecurityEvent();
        e.setEventId(newId());
        e.setTimestamp(T0.plusSeconds(4));
        e.setPrincipal(principal);
        e.setAction("login");
        e.setOutcome(Outcome.DENIED);
        e.setReason("bad password");
        return EventEnvelope.complete(e, "test", null);
    }
}
