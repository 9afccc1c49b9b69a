package com.carbon254.console.overview;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import com.carbon254.events.catalog.TopicCatalog;
import com.carbon254.events.catalog.TopicDefinition;
import com.carbon254.events.runtime.config.KafkaAdminSettings;

import io.smallrye.common.annotation.Identifier;

/**
 * The topics of the catalog as the broker sees them, through the Kafka admin client: partitions, records retained,
 * messages per second (end offsets between two measurements), the depth of each dead-letter topic, and every consumer
 * group's lag per topic (end offset − committed offset). Blocking: called on the overview's own thread, never on the
 * event loop.
 */
@ApplicationScoped
public class TopicStatistics {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    private Admin admin;
    private Map<TopicPartition, Long> previousEnds = Map.of();
    private Instant previousAt;

    /** A consumer group's lag on one topic: records the group has not committed yet. */
    public record GroupLag(String group, long lag) {
    }

    /** One topic of the catalog, with its dead-letter topic's depth. */
    public record TopicRow(String name, String category, int partitions, long retained, double messagesPerSecond,
            long deadLetters, List<GroupLag> lags) {

        /** Messages per second, one decimal. */
        public String rate() {
            return String.format(java.util.Locale.ROOT, "%.1f", messagesPerSecond);
        }

        /** The largest lag of any group on this topic (0 without groups). */
        public long maxLag() {
            return lags.stream().mapToLong(GroupLag::lag).max().orElse(0);
        }
    }

    /** Measures every topic now. */
    public synchronized List<TopicRow> measure() throws Exception {
        Admin kafka = admin();
        List<String> names = TopicCatalog.allTopicsWithDeadLetters().stream().map(TopicDefinition::name).toList();
        Map<String, TopicDescription> topics = kafka.describeTopics(names).allTopicNames()
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        List<TopicPartition> partitions = topics.values().stream()
                .flatMap(t -> t.partitions().stream().map(p -> new TopicPartition(t.name(), p.partition()))).toList();
        Map<TopicPartition, Long> ends = offsets(kafka, partitions, OffsetSpec.latest());
        Map<TopicPartition, Long> starts = offsets(kafka, partitions, OffsetSpec.earliest());
        Map<String, Map<String, Long>> lagByTopic = lags(kafka, ends);

        Instant now = Instant.now();
        double seconds = previousAt == null ? 0 : Duration.between(previousAt, now).toMillis() / 1000.0;
        List<TopicRow> rows = new ArrayList<>();
        for (TopicDefinition topic : TopicCatalog.topics()) {
            TopicDescription description = topics.get(topic.name());
            long appended = sum(ends, topic.name()) - sum(previousEnds, topic.name());
            double rate = seconds <= 0 || previousEnds.isEmpty() ? 0 : Math.max(0, appended) / seconds;
            List<GroupLag> lags = lagByTopic.getOrDefault(topic.name(), Map.of()).entrySet().stream()
                    .map(e -> new GroupLag(e.getKey(), e.getValue())).toList();
            rows.add(new TopicRow(topic.name(), topic.category().name(),
                    description == null ? 0 : description.partitions().size(),
                    sum(ends, topic.name()) - sum(starts, topic.name()), rate,
                    sum(ends, topic.deadLetterTopic()) - sum(starts, topic.deadLetterTopic()), lags));
        }
        previousEnds = ends;
        previousAt = now;
        return rows;
    }

    private static Map<TopicPartition, Long> offsets(Admin kafka, Collection<TopicPartition> partitions, OffsetSpec spec)
            throws Exception {
        Map<TopicPartition, ListOffsetsResultInfo> result = kafka.listOffsets(partitions.stream()
                .collect(Collectors.toMap(Function.identity(), p -> spec))).all()
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, Long> offsets = new HashMap<>();
        result.forEach((partition, info) -> offsets.put(partition, info.offset()));
        return offsets;
    }

    /** Per topic, per group: end − committed, summed over the partitions the group committed on. */
    private static Map<String, Map<String, Long>> lags(Admin kafka, Map<TopicPartition, Long> ends) throws Exception {
        Collection<GroupListing> groups = kafka.listGroups(ListGroupsOptions.forConsumerGroups()).all()
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        Map<String, Map<String, Long>> lags = new TreeMap<>();
        for (GroupListing group : groups) {
            Map<TopicPartition, OffsetAndMetadata> committed = kafka.listConsumerGroupOffsets(group.groupId())
                    .partitionsToOffsetAndMetadata().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            committed.forEach((partition, offset) -> {
                Long end = ends.get(partition);
                if (end != null && offset != null) {
                    lags.computeIfAbsent(partition.topic(), t -> new TreeMap<>())
                            .merge(group.groupId(), Math.max(0, end - offset.offset()), Long::sum);
                }
            });
        }
        return lags;
    }

    private static long sum(Map<TopicPartition, Long> offsets, String topic) {
        return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(topic))
                .mapToLong(Map.Entry::getValue).sum();
    }

    private Admin admin() {
        if (admin == null) {
            admin = Admin.create(KafkaAdminSettings.of(kafkaConfig, "console-" + Long.toHexString(System.nanoTime())));
        }
        return admin;
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
    }
}
