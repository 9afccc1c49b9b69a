package com.carbon254.events.catalog;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The platform's Kafka topics: the single source of truth for topic names, partition counts, retention and purpose.
 * Which event types go on which topic, and by which key, is in {@link EventType}.
 *
 * <table>
 * <caption>Event topics, in catalog order</caption>
 * <tr><th>Topic</th><th>Partitions</th><th>Retention</th><th>Category</th><th>Event types</th><th>Key</th><th>Purpose</th></tr>
 * <tr><td>data-ingestion</td><td>12</td><td>7 days</td><td>DATA</td><td>DataIngestion</td><td>datasetName</td>
 *     <td>Data ingested into the platform (one event per ingested batch)</td></tr>
 * <tr><td>data-quality</td><td>6</td><td>30 days</td><td>DATA</td><td>DataQuality</td><td>datasetName</td>
 *     <td>Results of data quality checks</td></tr>
 * <tr><td>data-transformation</td><td>6</td><td>30 days</td><td>DATA</td><td>DataTransformation</td><td>outputDataset</td>
 *     <td>Completed (or failed) data transformation runs</td></tr>
 * <tr><td>data-lineage</td><td>3</td><td>90 days</td><td>DATA</td><td>DataLineage</td><td>targetDataset</td>
 *     <td>Lineage graph updates (edges added or removed)</td></tr>
 * <tr><td>system-health</td><td>3</td><td>7 days</td><td>SYSTEM</td><td>ServiceHealth</td><td>serviceName</td>
 *     <td>Service health status</td></tr>
 * <tr><td>deployment-events</td><td>3</td><td>90 days</td><td>SYSTEM</td><td>Deployment</td><td>serviceName</td>
 *     <td>Deployments, rollbacks and scaling</td></tr>
 * <tr><td>config-changes</td><td>3</td><td>365 days</td><td>SYSTEM</td><td>ConfigChange</td><td>serviceName</td>
 *     <td>Configuration updates</td></tr>
 * <tr><td>security-events</td><td>6</td><td>365 days</td><td>SYSTEM</td><td>Security</td><td>principal</td>
 *     <td>Authentication and authorization events</td></tr>
 * <tr><td>audit-user-actions</td><td>12</td><td>365 days</td><td>AUDIT</td><td>UserAction</td><td>actor</td>
 *     <td>All user actions across the platform</td></tr>
 * <tr><td>audit-api-calls</td><td>12</td><td>30 days</td><td>AUDIT</td><td>ApiCall</td><td>actor</td>
 *     <td>API invocations</td></tr>
 * <tr><td>audit-data-access</td><td>12</td><td>90 days</td><td>AUDIT</td><td>DataAccess</td><td>actor</td>
 *     <td>Data access patterns</td></tr>
 * <tr><td>audit-admin-operations</td><td>3</td><td>365 days</td><td>AUDIT</td><td>AdminOperation</td><td>actor</td>
 *     <td>Administrative operations</td></tr>
 * <tr><td>data-events</td><td>6</td><td>forever</td><td>DATA</td>
 *     <td>DatasetCreated, DatasetUpdated, DatasetDeleted</td><td>datasetId</td>
 *     <td>Dataset event store (CQRS write side): the read models are rebuilt from it, so it is kept forever</td></tr>
 * <tr><td>data-ingestion-aggregated</td><td>6</td><td>30 days</td><td>DATA</td><td>DataIngestionAggregated</td>
 *     <td>datasetName</td><td>Per-dataset 5-minute event-time ingestion aggregates from the Flink aggregator</td></tr>
 * <tr><td>data-quality-aggregated</td><td>3</td><td>30 days</td><td>DATA</td><td>DataQualityAggregated</td>
 *     <td>datasetName</td><td>Per-dataset 5-minute event-time quality pass rates from the Flink aggregator</td></tr>
 * </table>
 *
 * <p>Every topic {@code t} has a dead-letter topic {@code t.dlq} ({@link TopicDefinition#deadLetter()}). In production
 * every topic is created with {@link #REPLICATION_FACTOR} replicas and {@link TopicDefinition#configs()}. Every topic
 * also has a restore topic {@code t.restore} ({@link TopicDefinition#restore()}), which the archive's restore writes
 * and a replay reads.
 */
public final class TopicCatalog {

    /** Replication factor of every topic in production (a {@code short}, as Kafka's admin API takes it). */
    public static final short REPLICATION_FACTOR = 3;

    /** {@code min.insync.replicas} of every topic in production. */
    public static final int MIN_INSYNC_REPLICAS = 2;

    private static final Duration DAYS_7 = Duration.ofDays(7);
    private static final Duration DAYS_30 = Duration.ofDays(30);
    private static final Duration DAYS_90 = Duration.ofDays(90);
    private static final Duration DAYS_365 = Duration.ofDays(365);
    private static final Duration FOREVER = null;

    public static final TopicDefinition DATA_INGESTION = new TopicDefinition("data-ingestion", 12, DAYS_7,
            EventCategory.DATA, "Data ingested into the platform (one event per ingested batch)");
    public static final TopicDefinition DATA_QUALITY = new TopicDefinition("data-quality", 6, DAYS_30,
            EventCategory.DATA, "Results of data quality checks");
    public static final TopicDefinition DATA_TRANSFORMATION = new TopicDefinition("data-transformation", 6, DAYS_30,
            EventCategory.DATA, "Completed (or failed) data transformation runs");
    public static final TopicDefinition DATA_LINEAGE = new TopicDefinition("data-lineage", 3, DAYS_90,
            EventCategory.DATA, "Lineage graph updates (edges added or removed)");
    public static final TopicDefinition SYSTEM_HEALTH = new TopicDefinition("system-health", 3, DAYS_7,
            EventCategory.SYSTEM, "Service health status");
    public static final TopicDefinition DEPLOYMENT_EVENTS = new TopicDefinition("deployment-events", 3, DAYS_90,
            EventCategory.SYSTEM, "Deployments, rollbacks and scaling");
    public static final TopicDefinition CONFIG_CHANGES = new TopicDefinition("config-changes", 3, DAYS_365,
            EventCategory.SYSTEM, "Configuration updates");
    public static final TopicDefinition SECURITY_EVENTS = new TopicDefinition("security-events", 6, DAYS_365,
            EventCategory.SYSTEM, "Authentication and authorization events");
    public static final TopicDefinition AUDIT_USER_ACTIONS = new TopicDefinition("audit-user-actions", 12, DAYS_365,
            EventCategory.AUDIT, "All user actions across the platform");
    public static final TopicDefinition AUDIT_API_CALLS = new TopicDefinition("audit-api-calls", 12, DAYS_30,
            EventCategory.AUDIT, "API invocations");
    public static final TopicDefinition AUDIT_DATA_ACCESS = new TopicDefinition("audit-data-access", 12, DAYS_90,
            EventCategory.AUDIT, "Data access patterns");
    public static final TopicDefinition AUDIT_ADMIN_OPERATIONS = new TopicDefinition("audit-admin-operations", 3, DAYS_365,
            EventCategory.AUDIT, "Administrative operations");
    public static final TopicDefinition DATA_EVENTS = new TopicDefinition("data-events", 6, FOREVER,
            EventCategory.DATA, "Dataset event store (CQRS write side): the read models are rebuilt from it, so it is kept forever");
    public static final TopicDefinition DATA_INGESTION_AGGREGATED = new TopicDefinition("data-ingestion-aggregated", 6, DAYS_30,
            EventCategory.DATA, "Per-dataset 5-minute event-time ingestion aggregates from the Flink aggregator");
    public static final TopicDefinition DATA_QUALITY_AGGREGATED = new TopicDefinition("data-quality-aggregated", 3, DAYS_30,
            EventCategory.DATA, "Per-dataset 5-minute event-time quality pass rates from the Flink aggregator");

    private static final List<TopicDefinition> TOPICS = List.of(
            DATA_INGESTION, DATA_QUALITY, DATA_TRANSFORMATION, DATA_LINEAGE,
            SYSTEM_HEALTH, DEPLOYMENT_EVENTS, CONFIG_CHANGES, SECURITY_EVENTS,
            AUDIT_USER_ACTIONS, AUDIT_API_CALLS, AUDIT_DATA_ACCESS, AUDIT_ADMIN_OPERATIONS,
            DATA_EVENTS, DATA_INGESTION_AGGREGATED, DATA_QUALITY_AGGREGATED);

    private static final List<TopicDefinition> TOPICS_WITH_DEAD_LETTERS;
    private static final List<TopicDefinition> RESTORE_TOPICS = TOPICS.stream().map(TopicDefinition::restore).toList();

    static {
        List<TopicDefinition> all = new ArrayList<>(TOPICS.size() * 2);
        for (TopicDefinition topic : TOPICS) {
            all.add(topic);
            all.add(topic.deadLetter());
        }
        TOPICS_WITH_DEAD_LETTERS = Collections.unmodifiableList(all);
    }

    private TopicCatalog() {
    }

    /** All event topics, in the order of the table above (no dead-letter topics). */
    public static List<TopicDefinition> topics() {
        return TOPICS;
    }

    /** All event topics, each followed by its dead-letter topic. */
    public static List<TopicDefinition> allTopicsWithDeadLetters() {
        return TOPICS_WITH_DEAD_LETTERS;
    }

    /** The restore topic of every event topic, in catalog order. */
    public static List<TopicDefinition> restoreTopics() {
        return RESTORE_TOPICS;
    }

    /** The event topic, dead-letter topic or restore topic of that name. */
    public static Optional<TopicDefinition> byName(String name) {
        return Stream.concat(TOPICS_WITH_DEAD_LETTERS.stream(), RESTORE_TOPICS.stream())
                .filter(t -> t.name().equals(name)).findFirst();
    }
}
