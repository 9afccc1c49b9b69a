package com.carbon254.projector.rebuild;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

import com.carbon254.events.runtime.json.FieldViolation;
import com.carbon254.projector.pipeline.Generation;
import com.carbon254.projector.pipeline.PositionStore;

import io.vertx.mutiny.sqlclient.Pool;

/**
 * Where a replay starts, per partition: what a {@link StartPoint} names, checked against what the topics hold, and
 * never past the live projection's position — the replay hands its positions to the live projection at the switch, so
 * a record the live projection has not applied yet must not be skipped by both.
 */
@ApplicationScoped
public class ReplayStarts {

    private static final Duration STEP = Duration.ofSeconds(30);

    @Inject
    Pool pool;

    @Inject
    PositionStore positions;

    @Inject
    EventStoreConsumers consumers;

    /** A start the request names is not one the read model's topics hold. */
    public static final class InvalidStartException extends RuntimeException {
        public final transient List<FieldViolation> violations;

        InvalidStartException(List<FieldViolation> violations) {
            super(violations.toString(), null, false, false);
            this.violations = List.copyOf(violations);
        }
    }

    /** Checks a start against the read model's topics (blocking: asks the broker). */
    public void validate(ReplayableReadModel readModel, StartPoint start) {
        List<FieldViolation> violations = new ArrayList<>();
        if (start.from() != null && start.offsets() != null) {
            violations.add(new FieldViolation("offset", "give either from or offset, not both"));
        } else if (start.from() != null && start.from().isAfter(Instant.now())) {
            violations.add(new FieldViolation("from", "is in the future: no record is there to replay from"));
        } else if (start.offsets() != null && start.offsets().isEmpty()) {
            violations.add(new FieldViolation("offset", "names no partition"));
        } else if (start.offsets() != null) {
            List<ReplayedProjection<?>> projections = readModel.projections(Generation.LIVE);
            Set<String> topics = new HashSet<>();
            projections.forEach(p -> topics.addAll(p.topics()));
            try (KafkaConsumer<String, Object> consumer = consumers.create(projections.get(0).projection().channel(),
                    "projector-replay-check", 1)) {
                checkOffsets(readModel.name(), topics, start.offsets(), consumer, violations);
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidStartException(violations);
        }
    }

    private static void checkOffsets(String readModel, Set<String> topics, List<StartPoint.Offset> offsets,
            KafkaConsumer<String, Object> consumer, List<FieldViolation> violations) {
        Set<TopicPartition> named = new HashSet<>();
        for (int i = 0; i < offsets.size(); i++) {
            StartPoint.Offset offset = offsets.get(i);
            String field = "offset[" + i + "]";
            if (!topics.contains(offset.topic())) {
                violations.add(new FieldViolation(field, offset.topic() + " is not a topic of " + readModel
                        + " (its topics: " + String.join(", ", topics.stream().sorted().toList()) + ")"));
                continue;
            }
            List<PartitionInfo> partitions = consumer.partitionsFor(offset.topic());
            if (partitions.stream().noneMatch(info -> info.partition() == offset.partition())) {
                violations.add(new FieldViolation(field, offset.topic() + " has no partition " + offset.partition()
                        + " (it has " + partitions.size() + ")"));
                continue;
            }
            TopicPartition tp = new TopicPartition(offset.topic(), offset.partition());
            if (!named.add(tp)) {
                violations.add(new FieldViolation(field, "names " + tp + " a second time"));
                continue;
            }
            long beginning = consumer.beginningOffsets(List.of(tp)).get(tp);
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            if (offset.offset() < beginning || offset.offset() > end) {
                violations.add(new FieldViolation(field, tp + " holds offsets " + beginning + " to " + end
                        + (offset.offset() < beginning ? " (those below were deleted by its retention)" : "")));
            }
        }
    }

    /** Where the live projections stand in each partition: their stored position, else (never consumed) the beginning. */
    public Map<TopicPartition, Long> livePositions(KafkaConsumer<String, Object> consumer,
            List<ReplayedProjection<?>> projections, List<TopicPartition> partitions) {
        Map<TopicPartition, Long> live = new HashMap<>(consumer.beginningOffsets(partitions));
        live.putAll(storedLivePositions(projections, partitions));
        return live;
    }

    /** The live projections' stored positions in these partitions (a partition never consumed is absent). */
    public Map<TopicPartition, Long> storedLivePositions(List<ReplayedProjection<?>> projections,
            List<TopicPartition> partitions) {
        Map<TopicPartition, Long> stored = new HashMap<>();
        for (ReplayedProjection<?> projection : projections) {
            for (String topic : projection.topics()) {
                Map<Integer, Long> own = positions.positions(pool, projection.liveName(), topic).await().atMost(STEP);
                own.forEach((partition, offset) -> {
                    TopicPartition tp = new TopicPartition(topic, partition);
                    if (partitions.contains(tp)) {
                        stored.put(tp, offset);
                    }
                });
            }
        }
        return stored;
    }

    /**
     * The offset each partition's replay starts at: the beginning; or the first record at or after {@code from} (the
     * end if there is none); or the offset named (a partition not named: the live position, nothing read again) —
     * and never past the live position {@code live}.
     */
    public Map<TopicPartition, Long> startOffsets(KafkaConsumer<String, Object> consumer,
            List<TopicPartition> partitions, StartPoint start, Map<TopicPartition, Long> live) {
        Map<TopicPartition, Long> named = new HashMap<>();
        if (start.offsets() != null) {
            named.putAll(live);
            start.offsets().forEach(o -> named.put(new TopicPartition(o.topic(), o.partition()), o.offset()));
        } else if (start.from() != null) {
            Map<TopicPartition, Long> query = new HashMap<>();
            partitions.forEach(tp -> query.put(tp, start.from().toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            for (TopicPartition tp : partitions) {
                OffsetAndTimestamp at = found.get(tp);
                // No record at or after `from` in this partition: nothing to read again there.
                named.put(tp, at == null ? end.get(tp) : at.offset());
            }
        } else {
            named.putAll(consumer.beginningOffsets(partitions));
        }
        Map<TopicPartition, Long> result = new HashMap<>();
        for (TopicPartition tp : partitions) {
            result.put(tp, Math.min(named.get(tp), live.get(tp)));
        }
        return result;
    }
}
