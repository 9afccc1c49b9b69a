package com.carbon254.projector;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.carbon254.events.common.DatasetColumn;
import com.carbon254.events.common.DatasetStatus;
import com.carbon254.events.data.DatasetCreatedEvent;
import com.carbon254.events.data.DatasetDeletedEvent;
import com.carbon254.events.data.DatasetUpdatedEvent;

/** Lifecycle events as the command side publishes them (full state, increasing versions, stable event ids). */
final class TestEvents {

    static final Instant T0 = Instant.parse("2025-05-01T08:00:00Z");

    private TestEvents() {
    }

    static String id(String datasetId, long version) {
        return UUID.nameUUIDFromBytes((datasetId + "#" + version).getBytes()).toString();
    }

    static DatasetCreatedEvent created(String datasetId, String owner) {
        return DatasetCreatedEvent.newBuilder()
                .setEventId(id(datasetId, 1)).setTimestamp(T0).setSource("test")
                .setDatasetId(datasetId).setDatasetVersion(1).setName("lake." + datasetId).setDescription("first")
                .setOwner(owner).setFormat("parquet").setLocation("s3://lake/" + datasetId)
                .setTags(List.of("t1")).setColumns(List.of(DatasetColumn.newBuilder().setName("id").setType("bigint")
                        .setNullable(false).build()))
                .setStatus(DatasetStatus.ACTIVE).setCreatedBy("alice").build();
    }

    static DatasetUpdatedEvent updated(String datasetId, long version, String owner) {
        return DatasetUpdatedEvent.newBuilder()
                .setEventId(id(datasetId, version)).setTimestamp(T0.plusSeconds(60 * version)).setSource("test")
                .setDatasetId(datasetId).setDatasetVersion(version).setName("lake." + datasetId)
                .setDescription("revision " + version).setOwner(owner).setFormat(version % 2 == 0 ? "iceberg" : "parquet")
                .setLocation("s3://lake/" + datasetId).setTags(List.of("t1", "v" + version))
                .setColumns(List.of(DatasetColumn.newBuilder().setName("id").setType("bigint").setNullable(false).build(),
                        DatasetColumn.newBuilder().setName("c" + version).setType("varchar").build()))
                .setStatus(version > 3 ? DatasetStatus.DEPRECATED : DatasetStatus.ACTIVE)
                .setChangedFields(List.of("description", "tags")).setUpdatedBy("bob").build();
    }

    static DatasetDeletedEvent deleted(String datasetId, long version) {
        return DatasetDeletedEvent.newBuilder()
                .setEventId(id(datasetId, version)).setTimestamp(T0.plusSeconds(60 * version)).setSource("test")
                .setDatasetId(datasetId).setDatasetVersion(version).setName("lake." + datasetId)
                .setDeletedBy("carol").setReason("obsolete").build();
    }
}
