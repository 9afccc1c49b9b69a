package com.carbon254.projector;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.carbon254.events.catalog.EventType;
import com.carbon254.events.runtime.DeadLetters;
import com.carbon254.events.runtime.serde.CatalogAvroSerializer;

/** Raw Kafka clients for the tests: the real wire format (registry-framed Avro), plus garbage for poison tests. */
final class ProjectorTestSupport {

    private ProjectorTestSupport() {
    }

    static KafkaProducer<String, SpecificRecord> avroProducer(String bootstrap, String registryUrl) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, CatalogAvroSerializer.class.getName());
        props.put("apicurio.registry.url", registryUrl);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return new KafkaProducer<>(props);
    }

    static KafkaProducer<String, byte[]> rawProducer(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(props);
    }

    /** Publishes events in order, keyed as the catalog says, and waits for the broker. */
    static void publish(KafkaProducer<String, SpecificRecord> producer, List<? extends SpecificRecord> events) throws Exception {
        List<java.util.concurrent.Future<?>> sends = new ArrayList<>();
        for (SpecificRecord event : events) {
            EventType type = EventType.of(event);
            sends.add(producer.send(new ProducerRecord<>(type.topic().name(), type.keyOf(event), event)));
        }
        for (var send : sends) {
            send.get();
        }
    }

    /** Every record currently on a topic (values as bytes), read from the beginning. */
    static List<ConsumerRecord<byte[], byte[]>> readAll(String bootstrap, String topic) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    /** Sends events to one partition of their topic, in order, without waiting in between; then waits for the broker. */
    static List<RecordMetadata> sendToPartition(KafkaProducer<String, SpecificRecord> producer, int partition,
            List<? extends SpecificRecord> events) throws Exception {
        List<java.util.concurrent.Future<RecordMetadata>> sends = new ArrayList<>();
        for (SpecificRecord event : events) {
            EventType type = EventType.of(event);
            sends.add(producer.send(new ProducerRecord<>(type.topic().name(), partition, type.keyOf(event), event)));
        }
        List<RecordMetadata> stored = new ArrayList<>();
        for (var send : sends) {
            stored.add(send.get());
        }
        return stored;
    }

    /** The dead letters of one original record: those on {@code <topic>.dlq} whose headers point at it. */
    static List<ConsumerRecord<byte[], byte[]>> deadLettersOf(String bootstrap, RecordMetadata original) {
        return readAll(bootstrap, DeadLetters.topicFor(original.topic())).stream()
                .filter(r -> original.topic().equals(header(r, DeadLetters.TOPIC))
                        && Integer.toString(original.partition()).equals(header(r, DeadLetters.PARTITION))
                        && Long.toString(original.offset()).equals(header(r, DeadLetters.OFFSET)))
                .toList();
    }

    /** A header's value as text, or null. */
    static String header(ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null
                : new String(header.value(), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Random letters and digits: text that neither compresses nor repeats (a btree index takes at most ~2.7 kB). */
    static String randomText(int length) {
        java.util.Random random = new java.util.Random();
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    /** End offsets of a topic by partition. */
    static Map<Integer, Long> endOffsets(String bootstrap, String topic) throws Exception {
        return offsets(bootstrap, topic, OffsetSpec.latest());
    }

    /** Where each partition of the topic begins: above 0 where records were deleted (retention, deleteRecords). */
    static Map<Integer, Long> beginningOffsets(String bootstrap, String topic) throws Exception {
        return offsets(bootstrap, topic, OffsetSpec.earliest());
    }

    private static Map<Integer, Long> offsets(String bootstrap, String topic, OffsetSpec spec) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                request.put(new TopicPartition(topic, p), spec);
            }
            Map<Integer, Long> ends = new HashMap<>();
            admin.listOffsets(request).all().get().forEach((tp, info) -> ends.put(tp.partition(), info.offset()));
            return ends;
        }
    }
}
