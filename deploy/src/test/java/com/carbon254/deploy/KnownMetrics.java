package com.carbon254.deploy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every metric the alerts and the dashboard may use, with where it comes from. deploy/README.md documents the same
 * list (a test checks that it names each one); an expression that selects a metric not listed here fails the build.
 */
final class KnownMetrics {

    enum Source {
        /** The platform's Quarkus services (Micrometer, /q/metrics). */
        SERVICES,
        /** The Kafka brokers' JMX exporter, with the rules of the kafka-metrics ConfigMap. */
        KAFKA_JMX,
        /** Strimzi's Kafka Exporter. */
        KAFKA_EXPORTER,
        /** Flink's Prometheus reporter in the aggregator's JobManager and TaskManagers. */
        FLINK,
        /** Prometheus itself. */
        PROMETHEUS
    }

    /**
     * @param name   the series name
     * @param source where it comes from
     * @param labels the labels the platform relies on
     * @param mbean  for {@link Source#KAFKA_JMX}: an MBean attribute (JMX exporter notation) that yields it
     */
    record Metric(String name, Source source, List<String> labels, String mbean) {
    }

    static final List<Metric> ALL = List.of(
            new Metric("carbon254_events_published_total", Source.SERVICES, List.of("topic", "event_type"), null),
            new Metric("carbon254_events_consumed_total", Source.SERVICES, List.of("topic", "event_type", "outcome"),
                    null),
            new Metric("carbon254_dead_letters_total", Source.SERVICES, List.of("topic"), null),
            new Metric("carbon254_outbox_backlog", Source.SERVICES, List.of(), null),
            new Metric("carbon254_outbox_oldest_age_seconds", Source.SERVICES, List.of(), null),
            new Metric("carbon254_projection_lag_events", Source.SERVICES, List.of("topic", "partition"), null),
            new Metric("carbon254_projection_lag_seconds", Source.SERVICES, List.of(), null),
            new Metric("carbon254_projection_stuck", Source.SERVICES, List.of("projection"), null),
            new Metric("carbon254_quality_critical_failure_windows_total", Source.SERVICES, List.of(), null),
            new Metric("carbon254_projection_retries_in_flight", Source.SERVICES, List.of("projection"), null),
            new Metric("carbon254_consumer_lag", Source.SERVICES, List.of("group", "topic", "partition"), null),
            new Metric("http_server_requests_seconds_bucket", Source.SERVICES,
                    List.of("method", "uri", "status", "outcome", "le"), null),

            new Metric("kafka_server_brokertopicmetrics_messagesin_total", Source.KAFKA_JMX, List.of("topic"),
                    "kafka.server<type=BrokerTopicMetrics, name=MessagesInPerSec, topic=data-ingestion><>Count"),
            new Metric("kafka_server_brokertopicmetrics_bytesin_total", Source.KAFKA_JMX, List.of("topic"),
                    "kafka.server<type=BrokerTopicMetrics, name=BytesInPerSec, topic=data-ingestion><>Count"),
            new Metric("kafka_server_brokertopicmetrics_bytesout_total", Source.KAFKA_JMX, List.of("topic"),
                    "kafka.server<type=BrokerTopicMetrics, name=BytesOutPerSec, topic=data-ingestion><>Count"),
            new Metric("kafka_server_replicamanager_underreplicatedpartitions", Source.KAFKA_JMX, List.of(),
                    "kafka.server<type=ReplicaManager, name=UnderReplicatedPartitions><>Value"),
            new Metric("kafka_controller_kafkacontroller_offlinepartitionscount", Source.KAFKA_JMX, List.of(),
                    "kafka.controller<type=KafkaController, name=OfflinePartitionsCount><>Value"),
            new Metric("kafka_network_requestmetrics_totaltimems", Source.KAFKA_JMX, List.of("request", "quantile"),
                    "kafka.network<type=RequestMetrics, name=TotalTimeMs, request=Produce><>99thPercentile"),
            new Metric("kafka_log_log_size", Source.KAFKA_JMX, List.of("topic", "partition"),
                    "kafka.log<type=Log, name=Size, topic=data-events, partition=0><>Value"),

            new Metric("kafka_consumergroup_lag", Source.KAFKA_EXPORTER,
                    List.of("consumergroup", "topic", "partition"), null),
            new Metric("kafka_consumergroup_current_offset", Source.KAFKA_EXPORTER,
                    List.of("consumergroup", "topic", "partition"), null),
            new Metric("kafka_topic_partition_current_offset", Source.KAFKA_EXPORTER, List.of("topic", "partition"),
                    null),

            new Metric("flink_jobmanager_numRunningJobs", Source.FLINK, List.of(), null),
            new Metric("flink_jobmanager_job_numberOfFailedCheckpoints", Source.FLINK, List.of("job_name"), null),
            new Metric("flink_jobmanager_job_numberOfCompletedCheckpoints", Source.FLINK, List.of("job_name"), null),
            new Metric("flink_taskmanager_job_task_numRecordsInPerSecond", Source.FLINK,
                    List.of("job_name", "task_name"), null),
            new Metric("flink_taskmanager_job_task_numRecordsOutPerSecond", Source.FLINK,
                    List.of("job_name", "task_name"), null),

            new Metric("up", Source.PROMETHEUS, List.of("job", "instance", "namespace"), null));

    private static final Map<String, Metric> BY_NAME = ALL.stream()
            .collect(Collectors.toMap(Metric::name, Function.identity()));

    static Optional<Metric> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    private KnownMetrics() {
    }
}
