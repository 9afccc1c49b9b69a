package com.carbon254.projector.pipeline.monitoring;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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

import com.carbon254.projector.datasets.DatasetProjection;
import com.carbon254.projector.pipeline.Projection;
import com.carbon254.projector.pipeline.ProjectionRegistry;

import io.micrometer.core.instrument.Tags;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.annotation.Identifier;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Projection lag of every projection ({@link ProjectionRegistry}), computed from what is stored (not from a
 * consumer group's commits, which the projections do not make):
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
    Pool pool;

    @Inject
    ProjectionRegistry projections;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    private Admin admin;

    @Scheduled(every = "${carbon254.projector.lag-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void measure() {
        try {
            measureNow();
        } catch (Exception e) {
            LOG.debugf("projection lag not measured: %s", e.toString());
        }
    }

    /**
     * Measures the lag of every projection now (blocking: call from a worker thread).
     *
     * @return the dataset projection's lag per partition of its topic
     */
    public Map<Integer, Long> measureNow() throws Exception {
        Map<Integer, Long> datasets = new HashMap<>();
        for (Projection<?> projection : projections.all()) {
            Map<TopicPartition, Long> lag = measure(projection.name(), projections.topics(projection));
            if (projection.name().equals(DatasetProjection.NAME)) {
                lag.forEach((tp, behind) -> datasets.put(tp.partition(), behind));
            }
        }
        return datasets;
    }

    /** Lag of one projection on its topics (partition → records not yet projected); updates its gauges. */
    public Map<TopicPartition, Long> measure(String projection, List<String> topics) throws Exception {
        Admin client = admin();
        List<TopicPartition> partitions = new ArrayList<>();
        client.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS).forEach((topic, description) ->
                description.partitions().forEach(p -> partitions.add(new TopicPartition(topic, p.partition()))));
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = client.listOffsets(request).all()
                .get(10, TimeUnit.SECONDS);
        Map<TopicPartition, long[]> stored = new HashMap<>();
        pool.preparedQuery("SELECT topic, kafka_partition, next_offset, last_record_time "
                        + "FROM read_model.projection_position WHERE projection = $1 AND topic = ANY($2)")
                .execute(Tuple.of(projection, topics.toArray(String[]::new)))
                .await().atMost(Duration.ofSeconds(10))
                .forEach(row -> stored.put(new TopicPartition(row.getString(0), row.getInteger(1)), new long[] {
                        row.getLong(2),
                        row.getOffsetDateTime(3) == null ? 0 : row.getOffsetDateTime(3).toInstant().toEpochMilli() }));
        Map<String, Long> worstAgeMillis = new HashMap<>();
        Map<TopicPartition, Long> lag = new HashMap<>();
        for (TopicPartition tp : partitions) {
            long end = ends.get(tp).offset();
            long[] position = stored.getOrDefault(tp, new long[] { 0, 0 });
            long behind = Math.max(end - position[0], 0);
            lag.put(tp, behind);
            metrics.gauge("carbon254.projection.lag.events", "Records of the partition not yet projected",
                    Tags.of("projection", projection, "topic", tp.topic(),
                            "partition", Integer.toString(tp.partition()))).set(behind);
            long age = behind > 0 && position[1] != 0 ? Instant.now().toEpochMilli() - position[1] : 0;
            worstAgeMillis.merge(tp.topic(), age, Math::max);
        }
        worstAgeMillis.forEach((topic, age) -> metrics.gauge("carbon254.projection.lag.seconds",
                "Age of the newest applied record in a lagging partition",
                Tags.of("projection", projection, "topic", topic)).set(age / 1000));
        return lag;
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
