package com.carbon254.reliability;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Records no consumer can process, written straight to the topics the platform consumes (as a broken or hostile
 * producer would, past the gateway): {@value #PER_RUN} per run in {@value #BURSTS} bursts, of several kinds. Each one
 * must end on its topic's dead-letter topic with a reason, and nothing else may stop because of it.
 */
final class PoisonInjector implements AutoCloseable {

    static final int PER_RUN = 1000;
    static final int BURSTS = 4;
    static final String HEADER = "reliability-poison";

    /** Where a poison record went, as the dead-letter headers name it. */
    record Poison(String topic, int partition, long offset, String kind) {
    }

    /** A topic and whether its consumers are the projector's, which enforce the contracts' field limits as they read. */
    private record Target(String topic, String eventType, String longField) {
    }

    private static final List<Target> TARGETS = List.of(
            new Target("data-ingestion", "DataIngestion", null),      // the Flink aggregations
            new Target("data-quality", "DataQuality", null),          // the Flink aggregations
            new Target("system-health", "ServiceHealth", "serviceName"),
            new Target("data-lineage", "DataLineage", "sourceDataset"),
            new Target("audit-user-actions", "UserAction", null));

    private final PlatformUnderTest platform;
    private final List<Poison> injected = new ArrayList<>();
    private final AtomicInteger sequence = new AtomicInteger();
    private final Random random = new Random(7);

    /**
     * One producer for the whole run, created before any fault, as a long-lived application's: a producer created
     * after a single broker's unclean restart can be given a producer id the broker already holds state for (seen with
     * Kafka 4.1 in KRaft combined mode), and then never gets an acknowledgement.
     */
    private final KafkaProducer<byte[], byte[]> producer;

    PoisonInjector(PlatformUnderTest platform) {
        this.platform = platform;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.endpoints().kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 240_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 30_000), new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Override
    public void close() {
        producer.close();
    }

    /** One burst: {@value #PER_RUN} / {@value #BURSTS} records, acknowledged by the broker (acks=all). */
    void injectBurst() {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        for (int i = 0; i < PER_RUN / BURSTS; i++) {
            int n = sequence.getAndIncrement();
            Target target = TARGETS.get(n % TARGETS.size());
            String kind = kind(target, n / TARGETS.size());
            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(target.topic,
                    ("poison-" + n).getBytes(StandardCharsets.UTF_8), value(target, kind));
            record.headers().add(HEADER, kind.getBytes(StandardCharsets.UTF_8));
            sent.add(producer.send(record));
            kinds.add(kind);
        }
        for (int i = 0; i < sent.size(); i++) {
            try {
                RecordMetadata stored = sent.get(i).get(5, TimeUnit.MINUTES);
                synchronized (injected) {
                    injected.add(new Poison(stored.topic(), stored.partition(), stored.offset(), kinds.get(i)));
                }
            } catch (Exception notStored) {
                System.out.println("a poison record was not stored (not counted): " + notStored.getMessage());
            }
        }
        System.out.printf("poison: %d records stored so far%n", injected().size());
    }

    List<Poison> injected() {
        synchronized (injected) {
            return List.copyOf(injected);
        }
    }

    private static String kind(Target target, int n) {
        List<String> kinds = target.longField == null
                ? List.of("garbage", "bad-framing", "unknown-schema", "wrong-shape")
                : List.of("garbage", "bad-framing", "unknown-schema", "wrong-shape", "breaks-contract");
        return kinds.get(n % kinds.size());
    }

    private byte[] value(Target target, String kind) {
        return switch (kind) {
            // Neither Avro framing nor JSON.
            case "garbage" -> {
                byte[] bytes = new byte[16 + random.nextInt(200)];
                random.nextBytes(bytes);
                bytes[0] = (byte) 0xFF;
                yield bytes;
            }
            // A magic byte no serde writes.
            case "bad-framing" -> ByteBuffer.allocate(12).put((byte) 7).putInt(1).putInt(42).array();
            // Framed like the registry's serdes, with a schema id the registry never gave.
            case "unknown-schema" -> ByteBuffer.allocate(12).put((byte) 0).putInt(987_654_321).putInt(42).array();
            // JSON, but not an event of the topic's types.
            case "wrong-shape" -> "{\"unexpected\": true, \"items\": [1, 2, 3]}".getBytes(StandardCharsets.UTF_8);
            // The topic's event, with a field far past the contract's maxLength: a value the read model refuses.
            case "breaks-contract" -> """
                    {"eventId":"%s","eventType":"%s","source":"reliability","timestamp":"%s","version":1,"%s":"%s"}"""
                    .formatted(UUID.randomUUID(), target.eventType, Instant.now(), target.longField, "x".repeat(6000))
                    .getBytes(StandardCharsets.UTF_8);
            default -> throw new IllegalArgumentException(kind);
        };
    }
}
