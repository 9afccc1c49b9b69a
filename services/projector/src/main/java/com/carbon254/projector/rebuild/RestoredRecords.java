package com.carbon254.projector.rebuild;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

import com.carbon254.events.catalog.TopicCatalog;
import com.carbon254.events.catalog.TopicDefinition;
import com.carbon254.projector.pipeline.SourcePosition;

/**
 * The records a replay from an instant reads from the restore topics before its topics: those the analytics archive's
 * restore job wrote back ({@code t.restore}, same partition, headers {@value #TOPIC_HEADER},
 * {@value #PARTITION_HEADER}, {@value #OFFSET_HEADER} naming where each was, {@value #LOG_START_HEADER} up to where
 * the restore reached) that Kafka's retention deleted from the topic: a record time at or after the instant and an
 * offset below the partition's log start offset. Each is applied as the record it was (its original topic, partition,
 * offset and time), so that positions, provenance and the skipping of what was applied already work as for any record.
 * A restore the retention has passed since (the topic now starts above where it reached) fails the replay.
 *
 * <p>A plan is made before the replay is seeded: the first restored offset of each partition becomes its start (the
 * seed keeps only the rows that records below it wrote).
 *
 * @param from       the replay's instant
 * @param logStarts  each replayed partition's log start offset
 * @param firsts     per replayed partition with restored records, the first restored offset
 * @param readFrom   per restore partition to read, where to start (the first record at or after {@code from})
 * @param readUpTo   per restore partition to read, its end offset when the plan was made
 */
record RestoredRecords(Instant from, Map<TopicPartition, Long> logStarts, Map<TopicPartition, Long> firsts,
        Map<TopicPartition, Long> readFrom, Map<TopicPartition, Long> readUpTo) {

    static final String TOPIC_HEADER = "restored.topic";
    static final String PARTITION_HEADER = "restored.partition";
    static final String OFFSET_HEADER = "restored.offset";
    static final String LOG_START_HEADER = "restored.log-start";

    private static final Duration POLL = Duration.ofMillis(200);

    /**
     * Finds, in the restore topics of {@code partitions}, the records the replay from {@code from} reads before them;
     * only partitions whose retention deleted records are looked at.
     *
     * @param restores a consumer of the restore topics (assigned here)
     * @param live     a consumer of the replayed topics
     */
    static RestoredRecords plan(KafkaConsumer<String, Object> restores, KafkaConsumer<String, Object> live,
            List<TopicPartition> partitions, Instant from) {
        Map<TopicPartition, Long> logStarts = live.beginningOffsets(partitions);
        Map<TopicPartition, Long> query = new HashMap<>();
        logStarts.forEach((tp, logStart) -> {
            if (logStart > 0) {
                query.put(restoreOf(tp), from.toEpochMilli());
            }
        });
        Map<TopicPartition, Long> readFrom = new HashMap<>();
        Map<TopicPartition, Long> readUpTo = new HashMap<>();
        Map<TopicPartition, Long> firsts = new HashMap<>();
        if (query.isEmpty()) {
            return new RestoredRecords(from, logStarts, firsts, readFrom, readUpTo);
        }
        Map<TopicPartition, OffsetAndTimestamp> found = restores.offsetsForTimes(query);
        Map<TopicPartition, Long> ends = restores.endOffsets(query.keySet());
        found.forEach((restore, at) -> {
            if (at != null) {
                readFrom.put(restore, at.offset());
                readUpTo.put(restore, ends.get(restore));
            }
        });
        RestoredRecords plan = new RestoredRecords(from, logStarts, firsts, readFrom, readUpTo);
        // Reads each restore partition up to its first record the replay applies.
        List<TopicPartition> searching = new ArrayList<>(readFrom.keySet());
        restores.assign(searching);
        readFrom.forEach(restores::seek);
        while (!searching.isEmpty()) {
            for (ConsumerRecord<String, Object> record : restores.poll(POLL)) {
                TopicPartition restore = new TopicPartition(record.topic(), record.partition());
                if (searching.contains(restore)) {
                    plan.original(record).ifPresent(at -> {
                        TopicPartition tp = new TopicPartition(at.topic(), at.partition());
                        requireCurrent(record, tp, logStarts.get(tp));
                        firsts.put(tp, at.offset());
                        searching.remove(restore);
                        restores.pause(List.of(restore));
                    });
                }
            }
            searching.removeIf(restore -> {
                boolean done = restores.position(restore) >= readUpTo.get(restore);
                if (done) {
                    restores.pause(List.of(restore));
                }
                return done;
            });
        }
        restores.resume(restores.paused());
        return plan;
    }

    /**
     * Refuses a restore that ran when the partition started lower than it does now: the records between are in
     * neither the restore nor the topic.
     */
    private static void requireCurrent(ConsumerRecord<String, Object> record, TopicPartition tp, long logStart) {
        String restoredUpTo = header(record, LOG_START_HEADER);
        if (restoredUpTo == null || Long.parseLong(restoredUpTo) < logStart) {
            throw new IllegalStateException("the restore in " + record.topic() + " reaches up to offset "
                    + restoredUpTo + " of " + tp + ", which now starts at " + logStart
                    + ": the retention deleted more since; restore again");
        }
    }

    /** Whether nothing is restored. */
    boolean isEmpty() {
        return firsts.isEmpty();
    }

    /** The replay's starts with the restored partitions starting at their first restored offset. */
    Map<TopicPartition, Long> starts(Map<TopicPartition, Long> starts) {
        Map<TopicPartition, Long> all = new HashMap<>(starts);
        firsts.forEach((tp, first) -> all.merge(tp, first, Math::min));
        return all;
    }

    /** Assigns the restore partitions with restored records to {@code restores}, each at its first. */
    Map<TopicPartition, Long> assign(KafkaConsumer<String, Object> restores) {
        Map<TopicPartition, Long> targets = new HashMap<>();
        firsts.keySet().forEach(tp -> targets.put(restoreOf(tp), readUpTo.get(restoreOf(tp))));
        restores.assign(targets.keySet());
        targets.keySet().forEach(restore -> restores.seek(restore, readFrom.get(restore)));
        return targets;
    }

    /**
     * Where a record of a restore topic was, if the replay applies it: restored from a replayed partition, at or after
     * the instant, below the partition's log start offset.
     */
    Optional<SourcePosition> original(ConsumerRecord<String, ?> record) {
        String topic = header(record, TOPIC_HEADER);
        String partition = header(record, PARTITION_HEADER);
        String offset = header(record, OFFSET_HEADER);
        if (topic == null || partition == null || offset == null || record.timestamp() < from.toEpochMilli()) {
            return Optional.empty();
        }
        TopicPartition tp = new TopicPartition(topic, Integer.parseInt(partition));
        Long logStart = logStarts.get(tp);
        long at = Long.parseLong(offset);
        if (logStart == null || at >= logStart || !record.topic().equals(restoreOf(tp).topic())) {
            return Optional.empty();
        }
        return Optional.of(new SourcePosition(topic, tp.partition(), at, Instant.ofEpochMilli(record.timestamp())));
    }

    private static TopicPartition restoreOf(TopicPartition tp) {
        TopicDefinition topic = TopicCatalog.byName(tp.topic()).orElseThrow();
        return new TopicPartition(topic.restore().name(), tp.partition());
    }

    private static String header(ConsumerRecord<String, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
