package com.carbon254.events.runtime.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.carbon254.events.runtime.EventPublisher;
import com.carbon254.events.runtime.messaging.HealthEventConsumer;
import com.carbon254.events.runtime.testing.SampleEvents;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.ChannelRegistry;

/**
 * The shared event metrics, read from {@code /q/metrics} as Prometheus scrapes them, after real events went through
 * the embedded broker: published, dead-lettered, latency histograms and consumer lag.
 */
@QuarkusTest
class EventMetricsTest {

    private static final Duration WAIT = Duration.ofSeconds(90);

    @Inject
    EventPublisher publisher;

    @Inject
    HealthEventConsumer healthConsumer;

    @Inject
    MetricsConsumers consumers;

    @Inject
    ConsumerLagMonitor lagMonitor;

    @Inject
    ChannelRegistry channels;

    @Test
    void aPublishedEventIsCountedByTopicAndType() {
        String service = "svc-" + UUID.randomUUID();
        String[] published = { "topic", "system-health", "event_type", "ServiceHealth" };
        double publishedBefore = PrometheusScrape.now().sum("carbon254_events_published_total", published);

        publisher.publish(SampleEvents.health(service)).await().atMost(WAIT);

        await().atMost(WAIT).until(() -> healthConsumer.received().stream()
                .anyMatch(e -> e.getServiceName().equals(service)));
        await().atMost(WAIT).untilAsserted(() -> {
            PrometheusScrape scrape = PrometheusScrape.now();
            assertThat(scrape.sum("carbon254_events_published_total", published)).isEqualTo(publishedBefore + 1);
            // Latency histogram, with buckets for histogram_quantile. (Consumption is counted by the consumers: the
            // projector's tests check carbon254_events_consumed_total.)
            assertThat(scrape.find("carbon254_events_publish_seconds_bucket", "topic", "system-health")).isNotEmpty();
        });
    }

    @Test
    void aDeadLetteredRecordIsCountedByTheTopicItCameFrom() {
        String[] deadLetters = { "topic", "system-health", "dead_letter_topic", "system-health.dlq" };
        double deadBefore = PrometheusScrape.now().sum("carbon254_dead_letters_total", deadLetters);

        publisher.publish(SampleEvents.health("poison-" + UUID.randomUUID())).await().atMost(WAIT);

        await().atMost(WAIT).untilAsserted(() -> {
            PrometheusScrape scrape = PrometheusScrape.now();
            assertThat(scrape.sum("carbon254_dead_letters_total", deadLetters)).isEqualTo(deadBefore + 1);
        });
    }

    @Test
    void aConsumerGroupThatIsBehindShowsItsLagUntilItCatchesUp() {
        String[] lagging = { "group", "runtime-test-lagging", "topic", "data-ingestion" };
        for (int i = 0; i < 5; i++) {
            publisher.publish(SampleEvents.ingestion("lag.test." + i)).await().atMost(WAIT);
        }

        // Paused since start-up: everything on the topic is lag, the five events included.
        await().atMost(WAIT).untilAsserted(() -> {
            PrometheusScrape scrape = PrometheusScrape.now();
            assertThat(scrape.find("carbon254_consumer_lag", lagging)).as("one series per partition").hasSize(12);
            assertThat(scrape.sum("carbon254_consumer_lag", lagging)).isGreaterThanOrEqualTo(5);
        });

        channels.getPausable("lagging-in").resume();

        await().atMost(WAIT).until(() -> consumers.ingested().size() >= 5);
        await().atMost(WAIT).untilAsserted(() -> {
            PrometheusScrape scrape = PrometheusScrape.now();
            assertThat(scrape.find("carbon254_consumer_lag", lagging)).hasSize(12)
                    .allSatisfy(partition -> assertThat(partition.value()).isZero());
        });
    }

    @Test
    void aGroupThatCommitsNothingToKafkaGetsNoConsumerLag() {
        assertThat(lagMonitor.groups()).extracting(ConsumerLagMonitor.MonitoredGroup::channel)
                .contains("lagging-in", "health-in").doesNotContain("positions-elsewhere");
        await().atMost(WAIT).untilAsserted(() -> assertThat(PrometheusScrape.now()
                .find("carbon254_consumer_lag", "group", "runtime-test-lagging")).isNotEmpty());
        assertThat(PrometheusScrape.now().find("carbon254_consumer_lag", "group", "runtime-test-positions-elsewhere"))
                .isEmpty();
    }

    @Test
    void aWatchedGroupOfAnotherServiceShowsItsLagOnTheTopicsItCommittedOn() throws Exception {
        String[] watched = { "group", "runtime-test-watched", "topic", "system-health" };
        var published = publisher.publish(SampleEvents.health("watched-" + UUID.randomUUID())).await().atMost(WAIT);
        var partition = new org.apache.kafka.common.TopicPartition(published.topic(), published.partition());
        // "Another service" committed offset 0 on that partition (and on nothing else): it is behind by every record.
        try (var admin = org.apache.kafka.clients.admin.Admin.create(java.util.Map.of("bootstrap.servers",
                org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class)))) {
            admin.alterConsumerGroupOffsets("runtime-test-watched",
                    java.util.Map.of(partition, new org.apache.kafka.clients.consumer.OffsetAndMetadata(0))).all().get();
        }
        assertThat(lagMonitor.groups()).extracting(ConsumerLagMonitor.MonitoredGroup::group).contains("runtime-test-watched");
        await().atMost(WAIT).untilAsserted(() -> assertThat(PrometheusScrape.now().find("carbon254_consumer_lag", watched))
                .singleElement().satisfies(series -> {
                    assertThat(series.labels()).containsEntry("partition", Integer.toString(published.partition()));
                    assertThat(series.value()).isGreaterThanOrEqualTo(published.offset() + 1);
                }));
    }
}
