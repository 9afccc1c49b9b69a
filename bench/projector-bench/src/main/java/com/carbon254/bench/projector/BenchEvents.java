package com.carbon254.bench.projector;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.apache.avro.specific.SpecificRecord;

import com.carbon254.events.common.DatasetColumn;
import com.carbon254.events.common.DatasetStatus;
import com.carbon254.events.data.DatasetCreatedEvent;
import com.carbon254.events.data.DatasetUpdatedEvent;

/** The benchmark's dataset lifecycle events: D datasets, each created and then updated to version V. */
final class BenchEvents {

    private BenchEvents() {
    }

    static List<SpecificRecord> generate(String prefix, int datasets, int versions) {
        List<SpecificRecord> events = new ArrayList<>(datasets * versions);
        Instant t = Instant.parse("2025-06-01T00:00:00Z");
        for (int v = 1; v <= versions; v++) {
            for (int d = 0; d < datasets; d++) {
                events.add(event(prefix + "-" + d, v, t.plusSeconds(v)));
            }
        }
        return events;
    }

    static SpecificRecord event(String id, long version, Instant at) {
        List<DatasetColumn> columns = List.of(
                DatasetColumn.newBuilder().setName("id").setType("bigint").setNullable(false).build(),
                DatasetColumn.newBuilder().setName("amount").setType("decimal(12,2)").build(),
                DatasetColumn.newBuilder().setName("ts").setType("timestamp(6)").build());
        if (version == 1) {
            return DatasetCreatedEvent.newBuilder().setEventId(UUID.randomUUID().toString()).setTimestamp(at)
                    .setSource("bench").setDatasetId(id).setDatasetVersion(1).setName("lake." + id)
                    .setDescription("Benchmark dataset " + id).setOwner("team-" + (id.hashCode() & 7)).setFormat("parquet")
                    .setLocation("s3://lake/" + id).setTags(List.of("bench", "v1")).setColumns(columns)
                    .setStatus(DatasetStatus.ACTIVE).setCreatedBy("bench").build();
        }
        return DatasetUpdatedEvent.newBuilder().setEventId(UUID.randomUUID().toString()).setTimestamp(at)
                .setSource("bench").setDatasetId(id).setDatasetVersion(version).setName("lake." + id)
                .setDescription("Benchmark dataset " + id + " revision " + version).setOwner("team-" + (id.hashCode() & 7))
                .setFormat("iceberg").setLocation("s3://lake/" + id).setTags(List.of("bench", "v" + version))
                .setColumns(columns).setStatus(DatasetStatus.ACTIVE).setChangedFields(List.of("description"))
                .setUpdatedBy("bench").build();
    }

    static String datasetId(SpecificRecord e) {
        return e.get(e.getSchema().getField("datasetId").pos()).toString();
    }

    static long version(SpecificRecord e) {
        return (Long) e.get(e.getSchema().getField("datasetVersion").pos());
    }
}
