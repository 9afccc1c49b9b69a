package com.carbon254.devstack;

import com.carbon254.events.catalog.TopicCatalog;
import com.carbon254.events.catalog.TopicDefinition;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Kafka as production runs it: three brokers, every topic with three replicas and {@code min.insync.replicas} 2, so
 * one broker may crash while acknowledged writes go on; restarted, it catches up and is in sync again.
 */
class ThreeBrokerKafkaTest {

    private static final String TOPIC = TopicCatalog.DATA_INGESTION.name();

    private static Path home;
    private static EmbeddedStack stack;

    @BeforeAll
    static void startThreeBrokers() throws IOException {
        home = Files.createTempDirectory("carbon254-brokers-");
        stack = EmbeddedStack.start(StackOptions.forTests(home, EnumSet.of(Component.KAFKA)).withBrokers(3));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
        EmbeddedStack.deleteRecursively(home);
    }

    @Test
    void everyCatalogTopicHasThreeReplicasAndNeedsTwoInSync() throws Exception {
        assertThat(stack.brokerCount()).isEqualTo(3);
        assertThat(stack.brokerProcesses()).hasSize(3).allMatch(process -> process.isAlive());
        assertThat(stack.endpoints().kafkaBootstrapServers().split(",")).hasSize(3);
        List<TopicDefinition> planned = TopicCatalog.allTopicsWithDeadLetters();
        try (Admin admin = stack.admin()) {
            assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).extracting(Node::id)
                    .containsExactlyInAnyOrder(1, 2, 3);
            Map<String, TopicDescription> topics = admin.describeTopics(planned.stream().map(TopicDefinition::name)
                    .toList()).allTopicNames().get(30, TimeUnit.SECONDS);
            Map<ConfigResource, Config> configs = admin.describeConfigs(planned.stream()
                    .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t.name())).toList()).all().get(30, TimeUnit.SECONDS);
            for (TopicDefinition topic : planned) {
                assertThat(topics.get(topic.name()).partitions()).as(topic.name())
                        .allSatisfy(partition -> assertThat(partition.replicas()).hasSize(3));
                assertThat(configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic.name()))
                        .get("min.insync.replicas").value()).as(topic.name()).isEqualTo("2");
            }
            // The internal topics (consumer offsets, transactions, share groups) likewise, on every broker.
            ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, "2");
            Config brokerConfig = admin.describeConfigs(List.of(broker)).all().get(30, TimeUnit.SECONDS).get(broker);
            assertThat(brokerConfig.get("offsets.topic.replication.factor").value()).isEqualTo("3");
            assertThat(brokerConfig.get("transaction.state.log.replication.factor").value()).isEqualTo("3");
            assertThat(brokerConfig.get("transaction.state.log.min.isr").value()).isEqualTo("2");
            assertThat(brokerConfig.get("share.coordinator.state.topic.min.isr").value()).isEqualTo("2");
            assertThat(brokerConfig.get("min.insync.replicas").value()).isEqualTo("2");
        }
    }

    @Test
    void aCrashedBrokerStopsNoAcknowledgedWriteAndRejoinsTheIsrWhenRestarted() throws Exception {
        List<String> sent = new ArrayList<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.endpoints().kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                new StringSerializer(), new StringSerializer());
             Admin admin = stack.admin()) {
            send(producer, "before", sent);
            // The leader of partition 0 crashes: its partitions need a new leader, all need a smaller ISR.
            int leader = partition0(admin).leader().id();
            stack.killBroker(leader - 1);

            send(producer, "during", sent);
            assertThat(partition0(admin).isr()).extracting(Node::id).hasSize(2).doesNotContain(leader);

            stack.restartBroker(leader - 1);
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(partition0(admin).isr())
                    .extracting(Node::id).containsExactlyInAnyOrder(1, 2, 3));
            send(producer, "after", sent);
        }
        // Every acknowledged record is there once: none lost to the crash, none doubled by the producer's retries.
        assertThat(readPartition0()).containsExactlyElementsOf(sent);
    }

    /** Ten records to partition 0, each acknowledged by every in-sync replica (at least two). */
    private static void send(KafkaProducer<String, String> producer, String phase, List<String> sent) throws Exception {
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String value = phase + "-" + i;
            acks.add(producer.send(new ProducerRecord<>(TOPIC, 0, "key", value)));
            sent.add(value);
        }
        for (Future<RecordMetadata> ack : acks) {
            assertThat(ack.get(90, TimeUnit.SECONDS).offset()).isNotNegative();
        }
    }

    private static TopicPartitionInfo partition0(Admin admin) throws Exception {
        return admin.describeTopics(List.of(TOPIC)).allTopicNames().get(30, TimeUnit.SECONDS).get(TOPIC)
                .partitions().getFirst();
    }

    private static List<String> readPartition0() {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.endpoints().kafkaBootstrapServers(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            TopicPartition partition = new TopicPartition(TOPIC, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> values.add(r.value()));
                return consumer.position(partition) >= end;
            });
        }
        return values;
    }
}
