package com.carbon254.projector.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import com.carbon254.projector.config.ProjectorConfig;
import com.carbon254.projector.repository.ReadModelTables;

import io.micrometer.core.instrument.Tags;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.annotation.Identifier;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Projection lag, computed from what is stored (not from a consumer group, which the projection does not use):
 * <ul>
 * <li>{@code carbon254_projection_lag_events{projection,topic,partition}} = end offset of the partition − stored
 *     next offset;</li>
 * <li>{@code carbon254_projection_lag_seconds{projection,topic}} = 0 when no partition lags, else the age of the
 *     newest record the projection has applied in a lagging partition (how far behind the read model's view of
 *     that partition is).</li>
 * </ul>
 */
@ApplicationScoped
public class ProjectionLagMonitor {

    private static final Logger LOG = Logger.getLogger(ProjectionLagMonitor.class);

    @Inject
    ProjectionMetrics metrics;

    @Inject
    ProjectorConfig config;

    @Inject
    Pool pool;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    private Admin admin;

    /** The latest computed lag per partition (for tests and the admin API). */
    private volatile Map<Integer, Long> lastLag = Map.of();

    @Scheduled(every = "${carbon254.projector.lag-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void measure() {
        try {
            measureNow();
        } catch (Exception e) {
            LOG.debugf("projection lag not measured: %s", e.toString());
        }
    }

    /** Measures lag now (blocking: call from a worker thread). */
    public Map<Integer, Long> measureNow() throws Exception {
        String topic = config.topic();
        Admin client = admin();
        List<TopicPartition> partitions = client.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS)
                .get(topic).partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = client.listOffsets(request).all()
                .get(10, TimeUnit.SECONDS);
        Map<Integer, long[]> stored = new HashMap<>();
        pool.preparedQuery("SELECT kafka_partition, next_offset, last_record_time FROM read_model.projection_position "
                        + "WHERE projection = $1 AND topic = $2")
                .execute(Tuple.of(ReadModelTables.LIVE_PROJECTION, topic))
                .await().atMost(Duration.ofSeconds(10))
                .forEach(row -> stored.put(row.getInteger(0), new long[] { row.getLong(1),
                        row.getOffsetDateTime(2) == null ? 0 : row.getOffsetDateTime(2).toInstant().toEpochMilli() }));
        long worstAgeMillis = 0;
        Map<Integer, Long> lag = new HashMap<>();
        for (TopicPartition tp : partitions) {
            long end = ends.get(tp).offset();
            long[] position = stored.getOrDefault(tp.partition(), new long[] { 0, 0 });
            long behind = Math.max(end - position[0], 0);
            lag.put(tp.partition(), behind);
            metrics.gauge("carbon254.projection.lag.events", "Records of the partition not yet projected",
                    Tags.of("projection", ReadModelTables.LIVE_PROJECTION, "topic", topic,
                            "partition", Integer.toString(tp.partition()))).set(behind);
            if (behind > 0) {
                long age = position[1] == 0 ? 0 : Instant.now().toEpochMilli() - position[1];
                worstAgeMillis = Math.max(worstAgeMillis, age);
            }
        }
        metrics.gauge("carbon254.projection.lag.seconds", "Age of the newest applied record in a lagging partition",
                Tags.of("projection", ReadModelTables.LIVE_PROJECTION, "topic", topic)).set(worstAgeMillis / 1000);
        lastLag = Map.copyOf(lag);
        return lastLag;
    }

    public Map<Integer, Long> lastLag() {
        return lastLag;
    }

    private synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(new HashMap<>(kafkaConfig));
        }
        return admin;
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
        }
    }
}
