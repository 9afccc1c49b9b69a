package com.carbon254.reliability;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.common.utils.Utils;

import com.carbon254.devstack.security.LocalToken;
import com.carbon254.events.catalog.TopicCatalog;

/**
 * Closes every event-time window of the run: one event on each partition of the aggregated topics, timestamped past
 * the last window's end plus the allowed lateness, moves every partition's watermark beyond it, so each window fires
 * its final result. (A live platform gets there by itself as time goes on; the run cannot wait ten minutes.) The
 * closing events are about datasets of their own, which no check looks at.
 */
final class WindowFlush {

    /** Window (5 min) + allowed lateness (5 min) + out-of-orderness (30 s), with a margin. */
    private static final Duration AHEAD = Duration.ofMinutes(11);

    private final PlatformUnderTest platform;
    private final Http http = new Http();

    WindowFlush(PlatformUnderTest platform) {
        this.platform = platform;
    }

    void closeEveryWindow() {
        Instant future = Instant.now().plus(AHEAD);
        String token = platform.token(LocalToken.EVENTS_WRITER);
        post("DataIngestion", token, closing(TopicCatalog.DATA_INGESTION.partitions()).stream().map(dataset -> """
                {"eventId":"%s","source":"reliability","timestamp":"%s","datasetName":"%s","recordCount":1,\
                "sizeBytes":1,"format":"parquet","location":"s3://lake/closing","status":"SUCCESS","metadata":{}}"""
                .formatted(UUID.randomUUID(), future, dataset)).toList());
        post("DataQuality", token, closing(TopicCatalog.DATA_QUALITY.partitions()).stream().map(dataset -> """
                {"eventId":"%s","source":"reliability","timestamp":"%s","datasetName":"%s","checkName":"closing",\
                "checkType":"not_null","passed":true,"severity":"INFO","metadata":{}}"""
                .formatted(UUID.randomUUID(), future, dataset)).toList());
    }

    private void post(String type, String token, List<String> events) {
        Http.Answer answer = http.send("POST", platform.url("event-gateway") + "/events/" + type + "/batch", token,
                "[" + String.join(",", events) + "]", null);
        if (answer.status() != 202) {
            throw new IllegalStateException("the closing " + type + " events were refused: " + answer.status() + " "
                    + answer.body());
        }
    }

    /** One dataset name per partition: the key (the dataset name) lands there by the producer's default partitioner. */
    private static List<String> closing(int partitions) {
        String[] byPartition = new String[partitions];
        int found = 0;
        for (int n = 0; found < partitions; n++) {
            String dataset = "reliability.closing-" + n;
            int partition = Utils.toPositive(Utils.murmur2(dataset.getBytes(StandardCharsets.UTF_8))) % partitions;
            if (byPartition[partition] == null) {
                byPartition[partition] = dataset;
                found++;
            }
        }
        return new ArrayList<>(List.of(byPartition));
    }
}
