package com.carbon254.console.overview;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.carbon254.console.ConsoleConfig;
import com.carbon254.console.overview.TopicStatistics.TopicRow;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;

/**
 * Measures the overview every {@code carbon254.console.refresh-interval} on a thread of its own (the Kafka admin
 * client blocks) and keeps the latest measurement, which every open overview page receives; one measurement serves
 * every viewer, so the load on the broker does not grow with the number of open pages.
 */
@ApplicationScoped
public class OverviewSampler {

    private static final Logger LOG = Logger.getLogger(OverviewSampler.class);
    private static final Duration WAIT = Duration.ofSeconds(15);

    @Inject
    ConsoleConfig config;

    @Inject
    TopicStatistics topics;

    @Inject
    ServiceReadiness readiness;

    @Inject
    FlinkJobStatus flink;

    private ScheduledExecutorService scheduler;
    private volatile Overview latest;

    void start(@Observes StartupEvent started) {
        scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "console-overview");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::measureQuietly, 0, config.refreshInterval().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** The latest measurement; the first one is taken now if none was yet (blocking: not on the event loop). */
    public Overview latest() {
        Overview current = latest;
        return current != null ? current : measure();
    }

    private void measureQuietly() {
        try {
            measure();
        } catch (RuntimeException e) {
            LOG.warnf("Overview not measured this time: %s", e.toString());
        }
    }

    private synchronized Overview measure() {
        List<TopicRow> rows = List.of();
        String kafkaError = null;
        try {
            rows = topics.measure();
        } catch (Exception e) {
            kafkaError = e.getMessage() == null ? e.toString() : e.getMessage();
        }
        Overview overview = new Overview(Instant.now(), rows, kafkaError, readiness.all().await().atMost(WAIT),
                flink.all().await().atMost(WAIT));
        latest = overview;
        return overview;
    }

    @PreDestroy
    void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }
}
