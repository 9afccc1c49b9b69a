package com.carbon254.reliability;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * Waits until every consumer group of the platform has caught up: its committed offsets at the end of every partition
 * it reads, or no longer moving. (A consumer of a transactional topic that has read everything may stay one offset
 * short of the end, the commit marker, on every partition: its lag then stays constant while nothing is produced.)
 */
final class Quiescence {

    /** The projector's projections and the Flink aggregations (which commit offsets on checkpoints). */
    static final List<String> GROUPS = List.of("projector-datasets", "projector-ingestion-stats", "projector-quality",
            "projector-transformations", "projector-service-health", "projector-lineage", "projector-audit-trail",
            "flink-aggregator");

    /** Looks in a row (5 s apart) with the same lag: longer than a Flink checkpoint interval (10 s) plus a batch. */
    private static final int STABLE_LOOKS = 4;

    private Quiescence() {
    }

    static void await(PlatformUnderTest platform, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long lag = Long.MAX_VALUE;
        int unchanged = 0;
        try (Admin admin = platform.admin()) {
            while (System.nanoTime() < deadline) {
                long now = lag(admin);
                unchanged = now == lag ? unchanged + 1 : 0;
                lag = now;
                if (lag == 0 || unchanged >= STABLE_LOOKS) {
                    return;
                }
                TimeUnit.SECONDS.sleep(5); // between two looks at the groups' committed offsets
            }
        }
        System.out.println("not quiescent after " + timeout.toSeconds() + " s: " + lag + " records not consumed; "
                + "checking anyway");
    }

    private static long lag(Admin admin) throws Exception {
        long total = 0;
        for (String group : GROUPS) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            if (committed.isEmpty()) {
                continue; // a group whose topics never held a record (no transformations in the load) commits nothing
            }
            Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
            committed.keySet().forEach(p -> latest.put(p, OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest,
                    new org.apache.kafka.clients.admin.ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                    .all().get(30, TimeUnit.SECONDS);
            for (Map.Entry<TopicPartition, OffsetAndMetadata> c : committed.entrySet()) {
                if (c.getValue() != null) {
                    total += Math.max(0, ends.get(c.getKey()).offset() - c.getValue().offset());
                }
            }
        }
        return total;
    }
}
