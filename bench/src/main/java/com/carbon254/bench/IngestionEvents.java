package com.carbon254.bench;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.carbon254.events.data.DataIngestionEvent;
import com.carbon254.events.data.Status;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The DataIngestion events both paths send: the same field values, as the JSON a producer posts to the gateway
 * (without eventId and timestamp, which the gateway fills) and as the complete Avro record a Java producer builds.
 * Spread over {@value #DATASETS} datasets, so over every partition of data-ingestion.
 */
final class IngestionEvents {

    static final int DATASETS = 64;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Status[] STATUSES = Status.values();

    private IngestionEvents() {
    }

    private static String dataset(int n) {
        return "bench.dataset-" + (n % DATASETS);
    }

    /** Request bodies: {@code batches} JSON arrays of {@code batchSize} events each, serialized once up front. */
    static List<byte[]> jsonBatches(int batches, int batchSize) {
        List<byte[]> bodies = new ArrayList<>(batches);
        int n = 0;
        for (int b = 0; b < batches; b++) {
            ArrayNode batch = JSON.createArrayNode();
            for (int i = 0; i < batchSize; i++, n++) {
                ObjectNode event = batch.addObject();
                event.put("source", "bench-producer");
                event.put("datasetName", dataset(n));
                event.put("recordCount", 1_000 + n % 1_000);
                event.put("sizeBytes", 65_536L + n);
                event.put("format", "parquet");
                event.put("location", "s3://lake/" + dataset(n) + "/part-" + n);
                event.put("status", STATUSES[n % STATUSES.length].name());
                event.putObject("metadata").put("pipeline", "bench");
            }
            bodies.add(batch.toString().getBytes(StandardCharsets.UTF_8));
        }
        return bodies;
    }

    /** The same events as complete records, {@code batches} lists of {@code batchSize}. */
    static List<List<DataIngestionEvent>> recordBatches(int batches, int batchSize) {
        List<List<DataIngestionEvent>> all = new ArrayList<>(batches);
        int n = 0;
        for (int b = 0; b < batches; b++) {
            // The gateway gives each request's events one correlation id (a new flow); so does the raw producer.
            String flow = UUID.randomUUID().toString();
            List<DataIngestionEvent> batch = new ArrayList<>(batchSize);
            for (int i = 0; i < batchSize; i++, n++) {
                batch.add(DataIngestionEvent.newBuilder()
                        .setEventId(UUID.randomUUID().toString())
                        .setTimestamp(Instant.ofEpochMilli(System.currentTimeMillis()))
                        .setSource("bench-producer").setCorrelationId(flow)
                        .setDatasetName(dataset(n)).setRecordCount(1_000 + n % 1_000).setSizeBytes(65_536L + n)
                        .setFormat("parquet").setLocation("s3://lake/" + dataset(n) + "/part-" + n)
                        .setStatus(STATUSES[n % STATUSES.length]).setMetadata(Map.of("pipeline", "bench"))
                        .build());
            }
            all.add(batch);
        }
        return all;
    }
}
