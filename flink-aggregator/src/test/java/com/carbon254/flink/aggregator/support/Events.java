package com.carbon254.flink.aggregator.support;

import com.carbon254.events.data.DataIngestionEvent;
import com.carbon254.events.data.DataQualityEvent;
import com.carbon254.events.data.QualitySeverity;
import com.carbon254.events.data.Status;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** Builders of input events for the tests. */
public final class Events {

    private Events() {
    }

    public static DataIngestionEvent ingestion(String dataset, long timestamp, long records, long bytes, Status status,
            String source) {
        return DataIngestionEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setTimestamp(Instant.ofEpochMilli(timestamp))
                .setSource(source)
                .setDatasetName(dataset)
                .setRecordCount(records)
                .setSizeBytes(bytes)
                .setFormat("parquet")
                .setLocation("s3://lake/" + dataset)
                .setStatus(status)
                .setMetadata(Map.of("pipeline", "test"))
                .build();
    }

    public static DataIngestionEvent ingestion(String dataset, long timestamp) {
        return ingestion(dataset, timestamp, 10, 1000, Status.SUCCESS, "ingest-a");
    }

    public static DataQualityEvent quality(String dataset, long timestamp, String check, boolean passed,
            QualitySeverity severity) {
        return DataQualityEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setTimestamp(Instant.ofEpochMilli(timestamp))
                .setSource("quality-runner")
                .setDatasetName(dataset)
                .setCheckName(check)
                .setCheckType("not_null")
                .setPassed(passed)
                .setSeverity(severity)
                .build();
    }
}
