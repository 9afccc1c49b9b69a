package com.carbon254.events.runtime.testing;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.carbon254.events.common.DatasetColumn;
import com.carbon254.events.common.DatasetStatus;
import com.carbon254.events.data.DataIngestionEvent;
import com.carbon254.events.data.DatasetCreatedEvent;
import com.carbon254.events.data.DatasetDeletedEvent;
import com.carbon254.events.data.DatasetUpdatedEvent;
import com.carbon254.events.data.Status;
import com.carbon254.events.system.HealthStatus;
import com.carbon254.events.system.ServiceHealthEvent;

/** Complete sample events for tests, each about the entity the caller names (its Kafka key). */
public final class SampleEvents {

    public static final Instant WHEN = Instant.ofEpochMilli(1_761_134_400_123L);

    private SampleEvents() {
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }

    public static DataIngestionEvent ingestion(String dataset) {
        return DataIngestionEvent.newBuilder()
                .setEventId(id()).setTimestamp(WHEN).setSource("test")
                .setDatasetName(dataset).setRecordCount(1_000).setSizeBytes(65_536).setFormat("parquet")
                .setLocation("s3://lake/" + dataset).setStatus(Status.PARTIAL).setMetadata(Map.of("batchId", "b-42"))
                .build();
    }

    public static ServiceHealthEvent health(String service) {
        return ServiceHealthEvent.newBuilder()
                .setEventId(id()).setTimestamp(WHEN).setSource("test")
                .setServiceName(service).setNamespace("data-platform").setHealthStatus(HealthStatus.DEGRADED)
                .setLatencyMs(850).setErrorRate(0.05).setMessage("p99 above 500 ms").build();
    }

    public static DatasetCreatedEvent created(String datasetId) {
        return DatasetCreatedEvent.newBuilder()
                .setEventId(id()).setTimestamp(WHEN).setSource("test").setCorrelationId("flow-1")
                .setDatasetId(datasetId).setDatasetVersion(1).setName("sales.orders").setOwner("team-sales")
                .setFormat("iceberg").setLocation("lake.sales.orders").setTags(List.of("gold"))
                .setColumns(List.of(DatasetColumn.newBuilder().setName("id").setType("bigint").build()))
                .setStatus(DatasetStatus.ACTIVE).setCreatedBy("alice").build();
    }

    public static DatasetUpdatedEvent updated(String datasetId, long version) {
        return DatasetUpdatedEvent.newBuilder()
                .setEventId(id()).setTimestamp(WHEN).setSource("test").setCorrelationId("flow-1")
                .setDatasetId(datasetId).setDatasetVersion(version).setName("sales.orders").setOwner("team-finance")
                .setFormat("iceberg").setLocation("lake.sales.orders").setStatus(DatasetStatus.DEPRECATED)
                .setChangedFields(List.of("owner", "status")).setUpdatedBy("bob").build();
    }

    public static DatasetDeletedEvent deleted(String datasetId, long version) {
        return DatasetDeletedEvent.newBuilder()
                .setEventId(id()).setTimestamp(WHEN).setSource("test").setCorrelationId("flow-1")
                .setDatasetId(datasetId).setDatasetVersion(version).setName("sales.orders").setDeletedBy("bob")
                .setReason("replaced").build();
    }
}
