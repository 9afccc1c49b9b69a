package com.carbon254.events.runtime.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;

import com.carbon254.events.runtime.config.KafkaAdminSettings;

/**
 * {@code carbon254_consumer_lag{group,topic,partition}}: for every incoming Kafka channel of the service whose consumer
 * group commits its offsets to Kafka, how many records of each partition of its topics the group has not committed
 * yet, i.e. end offset − committed offset (end offset − log start offset for a partition the group has not committed
 * anything on yet and reads from the earliest record). It is the group's lag as the broker sees it, the same number
 * the Kafka Exporter's {@code kafka_consumergroup_lag} gives, measured by the service itself so that it exists without
 * an exporter (locally, in tests).
 *
 * <p>Channels with {@code commit-strategy=ignore} are left out: their group commits nothing, so end − committed would
 * only grow and mean nothing. A service that keeps its positions elsewhere reports its own lag from them (the
 * projector: {@code carbon254_projection_lag_events} from the positions stored with its read models). Channels
 * reading a topic {@code pattern} are left out as well (their topics are not known in advance).
 *
 * <p>{@code carbon254.metrics.consumer-lag.watched-groups} adds groups of other services to watch, over the partitions
 * they have committed offsets on: a service that depends on another one's progress shows its lag even while that
 * service is down (the query API watches the projector's groups, whose positions the projector mirrors to Kafka).
 *
 * <p>Measured every {@code carbon254.metrics.consumer-lag.interval} (15 s by default; {@code 0} disables it) with a
 * Kafka Admin client on a thread of its own, never on the event loop or the consumers' polling threads; a scrape
 * reads the last values. A measurement that fails (broker down) keeps the previous values and is retried.
 */
@ApplicationScoped
public class ConsumerLagMonitor {

    private static final Logger LOG = Logger.getLogger(ConsumerLagMonitor.class);
    private static final String INCOMING = "mp.messaging.incoming.";
    private static final String CONNECTOR = "mp.messaging.connector.smallrye-kafka.";
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(10);

    @Inject
    EventMetrics metrics;

    @Inject
    Config config;

    @Inject
    KafkaClientService kafka;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    @ConfigProperty(name = "carbon254.metrics.consumer-lag.interval", defaultValue = "15s")
    Duration interval;

    /** Consumer groups of other services to watch as well (topics: those they committed offsets on). */
    @ConfigProperty(name = "carbon254.metrics.consumer-lag.watched-groups")
    Optional<List<String>> watchedGroups;

    private final Map<String, AtomicLong> gauges = new ConcurrentHashMap<>();
    private volatile List<MonitoredGroup> groups = List.of();
    private ScheduledExecutorService scheduler;
    private Admin admin;

    /**
     * A consumer group and the topics it reads; a watched group of another service has no channel and no topics
     * (its committed partitions are measured).
     */
    public record MonitoredGroup(String channel, String group, List<String> topics, boolean fromEarliest) {
    }

    void start(@Observes StartupEvent started) {
        List<MonitoredGroup> found = discover();
        groups = found;
        if (found.isEmpty() || interval.isZero() || interval.isNegative()) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "carbon254-consumer-lag");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::measureQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The consumer groups measured (for tests and diagnostics). */
    public List<MonitoredGroup> groups() {
        return groups;
    }

    /** The incoming Kafka channels whose groups commit to Kafka. */
    List<MonitoredGroup> discover() {
        List<MonitoredGroup> found = new ArrayList<>();
        for (String name : config.getPropertyNames()) {
            if (!name.startsWith(INCOMING) || !name.endsWith(".connector")) {
                continue;
            }
            String channel = name.substring(INCOMING.length(), name.length() - ".connector".length());
            if (!"smallrye-kafka".equals(config.getOptionalValue(name, String.class).orElse(""))) {
                continue;
            }
            if ("ignore".equalsIgnoreCase(channelValue(channel, "commit-strategy").orElse(""))) {
                LOG.debugf("Channel %s commits no offsets (commit-strategy=ignore): no consumer-lag gauge", channel);
                continue;
            }
            if (Boolean.parseBoolean(channelValue(channel, "pattern").orElse("false"))) {
                LOG.debugf("Channel %s reads a topic pattern: no consumer-lag gauge", channel);
                continue;
            }
            List<String> topics = channelValue(channel, "topic").map(List::of)
                    .or(() -> channelValue(channel, "topics").map(t -> List.of(t.split("\\s*,\\s*"))))
                    .orElse(List.of(channel));
            Optional<String> group = groupOf(channel);
            if (group.isEmpty()) {
                LOG.debugf("Channel %s has no consumer (disabled?): no consumer-lag gauge", channel);
                continue;
            }
            boolean fromEarliest = "earliest".equalsIgnoreCase(channelValue(channel, "auto.offset.reset").orElse("latest"));
            found.add(new MonitoredGroup(channel, group.get(), topics, fromEarliest));
        }
        watchedGroups.orElse(List.of()).stream().map(String::trim).filter(g -> !g.isEmpty())
                .forEach(group -> found.add(new MonitoredGroup(null, group, List.of(), false)));
        return List.copyOf(found);
    }

    /** The group id the channel's consumer actually uses (SmallRye and Quarkus fill in defaults). */
    private Optional<String> groupOf(String channel) {
        try {
            KafkaConsumer<Object, Object> consumer = kafka.getConsumer(channel);
            if (consumer != null && consumer.configuration().get("group.id") != null) {
                return Optional.of(consumer.configuration().get("group.id").toString());
            }
        } catch (RuntimeException e) {
            LOG.debugf("No consumer for channel %s: %s", channel, e.toString());
        }
        return channelValue(channel, "group.id");
    }

    private Optional<String> channelValue(String channel, String attribute) {
        return config.getOptionalValue(INCOMING + channel + "." + attribute, String.class)
                .or(() -> config.getOptionalValue(CONNECTOR + attribute, String.class))
                .or(() -> config.getOptionalValue("kafka." + attribute, String.class));
    }

    private void measureQuietly() {
        try {
            measureNow();
        } catch (Exception e) {
            LOG.debugf("Consumer lag not measured this time: %s", e.toString());
        }
    }

    /** Measures every group's lag now (blocking: never call it on the event loop). */
    public Map<TopicPartition, Long> measureNow() throws Exception {
        Map<TopicPartition, Long> all = new LinkedHashMap<>();
        for (MonitoredGroup group : groups) {
            Map<TopicPartition, Long> lag = lagOf(group);
            lag.forEach((partition, behind) -> gauge(group.group(), partition).set(behind));
            all.putAll(lag);
        }
        return all;
    }

    private Map<TopicPartition, Long> lagOf(MonitoredGroup group) throws Exception {
        Admin client = admin();
        long timeout = ADMIN_TIMEOUT.toMillis();
        Map<TopicPartition, OffsetAndMetadata> committed = client.listConsumerGroupOffsets(group.group())
                .partitionsToOffsetAndMetadata().get(timeout, TimeUnit.MILLISECONDS);
        List<TopicPartition> partitions = group.topics().isEmpty() ? List.copyOf(committed.keySet())
                : client.describeTopics(group.topics()).allTopicNames()
                        .get(timeout, TimeUnit.MILLISECONDS).values().stream()
                        .flatMap(topic -> topic.partitions().stream().map(p -> new TopicPartition(topic.name(), p.partition())))
                        .toList();
        if (partitions.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, ListOffsetsResultInfo> ends = offsets(client, partitions, OffsetSpec.latest());
        Map<TopicPartition, ListOffsetsResultInfo> starts = offsets(client, partitions, OffsetSpec.earliest());
        Map<TopicPartition, Long> lag = new LinkedHashMap<>();
        for (TopicPartition partition : partitions) {
            long end = ends.get(partition).offset();
            OffsetAndMetadata position = committed.get(partition);
            if (position != null) {
                lag.put(partition, Math.max(0, end - position.offset()));
            } else if (group.fromEarliest()) {
                lag.put(partition, Math.max(0, end - starts.get(partition).offset()));
            }
            // Nothing committed and reading from the latest record: the group has no backlog on it to speak of.
        }
        return lag;
    }

    private static Map<TopicPartition, ListOffsetsResultInfo> offsets(Admin client, List<TopicPartition> partitions,
                                                                      OffsetSpec spec) throws Exception {
        Map<TopicPartition, OffsetSpec> request = partitions.stream().collect(Collectors.toMap(p -> p, p -> spec));
        return client.listOffsets(request).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private AtomicLong gauge(String group, TopicPartition partition) {
        return gauges.computeIfAbsent(group + '|' + partition, key -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder(EventMetrics.CONSUMER_LAG, value, AtomicLong::get)
                    .description("Records of the partition the consumer group has not committed yet")
                    .tags(Tags.of("group", group, "topic", partition.topic(),
                            "partition", Integer.toString(partition.partition())))
                    .register(metrics.registry());
            return value;
        });
    }

    private synchronized Admin admin() {
        if (admin == null) {
            // Only the Admin client's own settings (bootstrap servers, security), not the consumers' ones.
            Map<String, Object> settings = KafkaAdminSettings.of(kafkaConfig,
                    "carbon254-consumer-lag-" + Long.toHexString(System.nanoTime()));
            admin = Admin.create(settings);
        }
        return admin;
    }

    @PreDestroy
    synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
        }
    }
}
