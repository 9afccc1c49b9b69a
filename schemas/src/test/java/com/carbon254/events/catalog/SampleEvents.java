package com.carbon254.events.catalog;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.avro.specific.SpecificRecord;

import com.carbon254.events.audit.AccessType;
import com.carbon254.events.audit.AdminOperationEvent;
import com.carbon254.events.audit.ApiCallEvent;
import com.carbon254.events.audit.DataAccessEvent;
import com.carbon254.events.audit.UserActionEvent;
import com.carbon254.events.common.DatasetColumn;
import com.carbon254.events.common.DatasetStatus;
import com.carbon254.events.common.Outcome;
import com.carbon254.events.data.DataIngestionAggregatedEvent;
import com.carbon254.events.data.DataIngestionEvent;
import com.carbon254.events.data.DataLineageEvent;
import com.carbon254.events.data.DataQualityAggregatedEvent;
import com.carbon254.events.data.DataQualityEvent;
import com.carbon254.events.data.DataTransformationEvent;
import com.carbon254.events.data.DatasetCreatedEvent;
import com.carbon254.events.data.DatasetDeletedEvent;
import com.carbon254.events.data.DatasetUpdatedEvent;
import com.carbon254.events.data.LineageOperation;
import com.carbon254.events.data.QualitySeverity;
import com.carbon254.events.data.Status;
import com.carbon254.events.data.TransformationStatus;
import com.carbon254.events.system.ConfigChangeEvent;
import com.carbon254.events.system.DeploymentAction;
import com.carbon254.events.system.DeploymentEvent;
import com.carbon254.events.system.DeploymentStatus;
import com.carbon254.events.system.HealthStatus;
import com.carbon254.events.system.SecurityEvent;
import com.carbon254.events.system.ServiceHealthEvent;

/** One fully populated sample event of every event type, built with the generated builders. */
final class SampleEvents {

    static final Instant NOW = Instant.ofEpochMilli(1_761_134_400_123L);
    static final Instant WINDOW_START = Instant.ofEpochMilli(1_761_134_100_000L);
    static final Instant WINDOW_END = WINDOW_START.plusSeconds(300);

    private SampleEvents() {
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }

    private static List<DatasetColumn> columns() {
        return List.of(
                DatasetColumn.newBuilder().setName("order_id").setType("bigint").setNullable(false).build(),
                DatasetColumn.newBuilder().setName("amount").setType("decimal(12,2)").setDescription("Order total").build());
    }

    /**
     * A sample of the given type. The exhaustive switch makes a new event type fail to compile here until it has a
     * sample, so the round-trip test covers it.
     */
    static SpecificRecord of(EventType type) {
        return switch (type) {
            case DATA_INGESTION -> DataIngestionEvent.newBuilder()
                    .setEventId(id()).setTimestamp(NOW).setSource("data-ingestion-service")
                    .setCorrelationId("corr-1")
                    .setDatasetName("sales.orders").setRecordCount(1_000).setSizeBytes(65_536).setFormat("parquet")
                    .setLocation("s3://lake/sales/orders/2025-10-22").setStatus(Status.PARTIAL)
                    .setMetadata(Map.of("batchId", "b-42")).build();
            case DATA_QUALITY -> DataQualityEvent.newBuilder()
                    .setEventId(id()).setTimestamp(NOW).setSource("quality-service")
                    .setDatasetName("sales.orders").setCheckName("orders_id_not_null").setCheckType("not_null")
                    .setColumnName("order_id").setPassed(false).setSeverity(QualitySeverity.CRITICAL)
                    .setMetricValue(0.02).setThreshold(0.0).setRecordsChecked(1_000L).setRecordsFailed(20L)
                    .setRunId("run-7").setMessage("2% of order_id are null").build();
            case DATA_TRANSFORMATION -> DataTransformationEvent.newBuilder()
                    .setEventId(id()).setTimestamp(NOW).setSource("dolphinscheduler")
                    .setJobName("daily_revenue").setRunId("run-8").setEngine("trino")
                    .setInputDatasets(List.of("sales.orders", "sales.refunds")).setOutputDataset("finance.daily_revenue")
                    .setRecordsIn(2_000).setRecordsOut(31).setDurationMs(12_345)
                    .setStatus(TransformationStatus.SUCCESS).build();
            case DATA_LINEAGE -> DataLineageEvent.newBuilder()
                    .setEventId(id()).setTimestamp(NOW).setSource("datahub")
                    .setSourceDataset("sales.orders").setTargetDataset("finance.daily_revenue")
                    .setOperation(LineageOperation.ADD).setJobName("daily_revenue").build();
            case DATASET_CREATED -> DatasetCreatedEvent.newBuilder()
                    .setEventId(id()).setTimestamp(NOW).setSource("dataset-service")
                    .setDatasetId("ds-1").setDatasetVersion(1).setName("sales.orders").setDescription("All orders")
                    .setOwner("team-sales").setFormat("iceberg").setLocation("lake.sales.orders")
                    .setTags(List.of("pii", "gold")).setColumns(columns()).setStatus(DatasetStatus.ACTIVE)
                    .setCreatedBy("alice").build();
            case DATASET_UPDATED -> DatasetUpdatedEvent.newBuilder()
                    .setEventId(id()).setTimestamp(NOW).setSource("dataset-service").setCausationId("cmd-9")
                    .setDatasetId("ds-1").setDatasetVersion(2).setName("sales.orders").setDescription(null)
                    .setOwner("team-finance").setFormat("iceberg").setLocation("lake.sales.orders")
                    .setTags(List.of()).setColumns(columns()).setStatus(DatasetStatus.DEPRECATED)
                    .setChangedFields(List.of("owner", "description", "tags", "status")).setUpdatedBy("bob").build();
            case DATASET_DELETED -> DatasetDeletedEvent.newBuilder()
                    .setEventId(id()).setTimestamp(NOW).setSource("dataset-service")
                    .setDatasetId("ds-1").setDatasetVersion(3).setName("sales.orders").setDeletedBy("bob")
                    .setReason("replaced by sales.orders_v2").build();
            case DATA_INGESTION_AGGREGATED -> DataIngestionAggregatedEvent.newBuilder()
                    .setEventId(UUID.nameUUIDFromBytes(("sales.orders/" + WINDOW_START.toEpochMilli() + "/1").getBytes()).toString()).setTimestamp(NOW)
                    .setSource("flink-aggregator")
                    .setWindowStart(WINDOW_START).setWindowEnd(WINDOW_END).setDatasetName("sales.orders")
                    .setEventCount(5).setTotalRecordCount(5_000).setTotalSizeBytes(327_680)
                    .setSuccessCount(3).setFailureCount(1).setPartialCount(1)
                    .setFirstEventTime(WINDOW_START.plusSeconds(10)).setLastEventTime(WINDOW_END.minusSeconds(10))
                    .setDistinctSources(2).setLate(true).setUpdateSequence(1).build();
            case DATA_QUALITY_AGGREGATED -> DataQualityAggregatedEvent.newBuilder()
                    .setEventId(UUID.nameUUIDFromBytes(("sales.orders/" + WINDOW_START.toEpochMilli() + "/0").getBytes()).toString()).setTimestamp(NOW)
                    .setSource("flink-aggregator")
                    .setWindowStart(WINDOW_START).setWindowEnd(WINDOW_END).setDatasetName("sales.orders")
                    .setChecks(4).setPassed(3).setFailed(1).setPassRate(0.75).setCriticalFailures(1)
                    .setFailedChecks(List.of("orders_id_not_null"))
                    .setFirstEventTime(WINDOW_START.plusSeconds(1)).setLastEventTime(WINDOW_START.plusSeconds(2)).build();
            case SERVICE_HEALTH -> ServiceHealthEvent.newBuilder()
                    .setEventId(id()).setTimestamp(NOW).setSource("health-probe")
                    .setServiceName("trino").setNamespace("data-platform").setHealthStatus(HealthStatus.DEGRADED)
                    .setLatencyMs(850).setErrorRate(0.05).setMessage("p99 latency above 500 ms").build();
            case DEPLOYMENT -> DeploymentEvent.newBuilder()
                    .setEventId(id()).setTimestamp(NOW).setSource("argocd")
                    .setServiceName("superset").setNamespace("data-platform").setServiceVersion("4.1.2")
                    .setPreviousServiceVersion("4.1.1").setAction(DeploymentAction.DEPLOY)
                    .setStatus(DeploymentStatus.SUCCEEDED).setActor("argocd").setReplicas(3).setPreviousReplicas(3)
                    .setDurationMs(95_000L).build();
            case CONFIG_CHANGE -> ConfigChangeEvent.newBuilder()
                    .setEventId(id()).setTimestamp(NOW).setSource("config-service")
                    .setServiceName("trino").setNamespace("data-platform").setConfigKey("query.max-memory")
                    .setOldValue("20GB").setNewValue("40GB").setChangedBy("carol").setReason("OPS-123").build();
            case SECURITY -> SecurityEvent.newBuilder()
                    .setEventId(id()).setTimestamp(NOW).setSource("keycloak")
                    .setPrincipal("mallory").setAction("LOGIN").setOutcome(Outcome.FAILURE)
                    .setClientIp("203.0.113.7").setAuthMethod("password").setReason("bad credentials").build();
            case USER_ACTION -> UserActionEvent.newBuilder()
                    .setEventId(id()).setTimestamp(NOW).setSource("superset")
                    .setActor("alice").setAction("CREATE").setEntityType("dashboard").setEntityId("17")
                    .setOutcome(Outcome.SUCCESS).setApplication("superset").setDetails(Map.of("title", "Revenue")).build();
            case API_CALL -> ApiCallEvent.newBuilder()
                    .setEventId(id()).setTimestamp(NOW).setSource("api-gateway")
                    .setActor("svc-reporting").setService("dataset-service").setMethod("GET")
                    .setPath("/api/v1/datasets/ds-1").setStatusCode(403).setLatencyMs(12).setOutcome(Outcome.DENIED)
                    .setRequestId("req-1").build();
            case DATA_ACCESS -> DataAccessEvent.newBuilder()
                    .setEventId(id()).setTimestamp(NOW).setSource("trino")
                    .setActor("alice").setDatasetName("sales.orders").setAccessType(AccessType.EXPORT)
                    .setOutcome(Outcome.SUCCESS).setRowCount(10_000L).setQuery("SELECT * FROM sales.orders")
                    .setEngine("trino").setColumns(List.of("order_id", "amount")).build();
            case ADMIN_OPERATION -> AdminOperationEvent.newBuilder()
                    .setEventId(id()).setTimestamp(NOW).setSource("admin-console")
                    .setActor("root-admin").setOperation("GRANT_ROLE").setTarget("alice")
                    .setParameters(Map.of("role", "data-steward")).setOutcome(Outcome.SUCCESS).build();
        };
    }
}
