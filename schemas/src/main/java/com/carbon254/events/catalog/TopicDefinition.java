package com.carbon254.events.catalog;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.apache.avro.Schema;

/**
 * A Kafka topic of the platform and how it is configured. The instances are defined in {@link TopicCatalog}.
 *
 * @param name       topic name
 * @param partitions number of partitions
 * @param retention  how long records are kept; {@code null} or negative means forever ({@code retention.ms=-1}) and is
 *                   stored as {@code null}
 * @param category   category of the events on the topic
 * @param purpose    one-line description of what the topic is for
 */
public record TopicDefinition(String name, int partitions, Duration retention, EventCategory category, String purpose) {

    /** Suffix of the name of a topic's dead-letter topic. */
    public static final String DEAD_LETTER_SUFFIX = ".dlq";

    /** Suffix of a value subject under the topic-name strategy. */
    public static final String VALUE_SUBJECT_SUFFIX = "-value";

    /** Shortest retention of a dead-letter topic. */
    public static final Duration MIN_DEAD_LETTER_RETENTION = Duration.ofDays(30);

    /** Most partitions of a dead-letter topic. */
    public static final int MAX_DEAD_LETTER_PARTITIONS = 3;

    /** Suffix of the name of a topic's restore topic. */
    public static final String RESTORE_SUFFIX = ".restore";

    /** Retention of a restore topic: long enough for the replay that follows a restore. */
    public static final Duration RESTORE_RETENTION = Duration.ofDays(7);

    public TopicDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(purpose, "purpose");
        if (name.isBlank()) {
            throw new IllegalArgumentException("topic name is blank");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("topic " + name + ": partitions must be positive, got " + partitions);
        }
        if (retention != null && retention.isZero()) {
            throw new IllegalArgumentException("topic " + name + ": retention must not be zero (null or negative means forever)");
        }
        if (retention != null && retention.isNegative()) {
            retention = null;
        }
    }

    /** Whether records are kept forever. */
    public boolean infiniteRetention() {
        return retention == null;
    }

    /** Kafka's {@code retention.ms}: the retention in milliseconds, or -1 for forever. */
    public long retentionMs() {
        return retention == null ? -1L : retention.toMillis();
    }

    /** Whether this is the dead-letter topic of another topic. */
    public boolean isDeadLetter() {
        return name.endsWith(DEAD_LETTER_SUFFIX);
    }

    /** Whether this is the restore topic of another topic. */
    public boolean isRestore() {
        return name.endsWith(RESTORE_SUFFIX);
    }

    /**
     * The event types published on this topic, in {@link EventType} declaration order. For a dead-letter or restore
     * topic, those of the topic it belongs to (its records hold that topic's values).
     */
    public List<EventType> eventTypes() {
        String topic = isDeadLetter() ? name.substring(0, name.length() - DEAD_LETTER_SUFFIX.length())
                : isRestore() ? name.substring(0, name.length() - RESTORE_SUFFIX.length()) : name;
        return Arrays.stream(EventType.values()).filter(t -> t.topic().name().equals(topic)).toList();
    }

    /**
     * The Avro schema of the record values on this topic: the schema of its single event type, or, for a topic that
     * carries several event types, the union of their schemas in {@link EventType} declaration order.
     *
     * @throws IllegalStateException if the topic has no event type
     */
    public Schema valueSchema() {
        List<EventType> types = eventTypes();
        if (types.isEmpty()) {
            throw new IllegalStateException("topic " + name + " has no event type");
        }
        if (types.size() == 1) {
            return types.get(0).schema();
        }
        return Schema.createUnion(types.stream().map(EventType::schema).toList());
    }

    /**
     * Who may publish on this topic: the {@link PublishRule} of its event types, which all share one (Kafka ACLs are
     * granted per topic). For a dead-letter topic, that of the topic it takes the dead letters of.
     *
     * @throws IllegalStateException if the topic has no event type
     */
    public PublishRule publishRule() {
        List<EventType> types = eventTypes();
        if (types.isEmpty()) {
            throw new IllegalStateException("topic " + name + " has no event type");
        }
        return types.get(0).publishRule();
    }

    /** The Schema Registry subject of the record values (topic-name strategy): {@code <name>-value}. */
    public String valueSubject() {
        return name + VALUE_SUBJECT_SUFFIX;
    }

    /**
     * The name of this topic's dead-letter topic: {@code <name>.dlq}.
     *
     * @throws IllegalStateException if this is itself a dead-letter topic
     */
    public String deadLetterTopic() {
        requireNotDeadLetter();
        return name + DEAD_LETTER_SUFFIX;
    }

    /**
     * This topic's dead-letter topic: named {@link #deadLetterTopic()}, with {@code min(partitions, 3)} partitions, a
     * retention of at least 30 days (the topic's own if longer; forever stays forever) and the same category.
     *
     * @throws IllegalStateException if this is itself a dead-letter topic
     */
    public TopicDefinition deadLetter() {
        requireNotDeadLetter();
        Duration dlqRetention = infiniteRetention() ? null
                : retention.compareTo(MIN_DEAD_LETTER_RETENTION) >= 0 ? retention : MIN_DEAD_LETTER_RETENTION;
        return new TopicDefinition(deadLetterTopic(), Math.min(partitions, MAX_DEAD_LETTER_PARTITIONS), dlqRetention,
                category, "Dead letters of " + name + ": records its consumers could not process, kept for inspection and replay.");
    }

    /**
     * This topic's restore topic, {@code <name>.restore}: where the records its retention deleted are written back from
     * the analytics archive for a replay, each in the partition it was in, with the original key, value
     * and timestamp, and headers naming where it was ({@code restored.topic}, {@code restored.partition},
     * {@code restored.offset}). Same partitions as the topic, a retention of {@link #RESTORE_RETENTION}, same category.
     *
     * @throws IllegalStateException if this is a dead-letter or restore topic
     */
    public TopicDefinition restore() {
        requireNotDeadLetter();
        if (isRestore()) {
            throw new IllegalStateException(name + " is a restore topic and has none of its own");
        }
        return new TopicDefinition(name + RESTORE_SUFFIX, partitions, RESTORE_RETENTION, category,
                "Records of " + name + " its retention deleted, restored from the analytics archive for a replay.");
    }

    /** The topic-level configs for production: {@link #configs(int)} with {@link TopicCatalog#MIN_INSYNC_REPLICAS}. */
    public Map<String, String> configs() {
        return configs(TopicCatalog.MIN_INSYNC_REPLICAS);
    }

    /**
     * The topic-level configs to create the topic with: {@code retention.ms}, {@code compression.type=lz4},
     * {@code cleanup.policy=delete} and {@code min.insync.replicas}.
     *
     * @param minInsyncReplicas {@code min.insync.replicas}; 1 on a single-broker development cluster
     * @return an unmodifiable map, in that order
     */
    public Map<String, String> configs(int minInsyncReplicas) {
        if (minInsyncReplicas < 1) {
            throw new IllegalArgumentException("minInsyncReplicas must be positive, got " + minInsyncReplicas);
        }
        Map<String, String> configs = new LinkedHashMap<>();
        configs.put("retention.ms", Long.toString(retentionMs()));
        configs.put("compression.type", "lz4");
        configs.put("cleanup.policy", "delete");
        configs.put("min.insync.replicas", Integer.toString(minInsyncReplicas));
        return Collections.unmodifiableMap(configs);
    }

    private void requireNotDeadLetter() {
        if (isDeadLetter()) {
            throw new IllegalStateException(name + " is a dead-letter topic and has none of its own");
        }
    }
}
