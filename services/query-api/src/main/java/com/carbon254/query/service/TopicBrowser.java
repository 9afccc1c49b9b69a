package com.carbon254.query.service;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.carbon254.api.runtime.rest.ProblemException;
import com.carbon254.events.catalog.EventType;
import com.carbon254.events.catalog.TopicDefinition;
import com.carbon254.events.runtime.EventHeaders;
import com.carbon254.events.runtime.json.AvroJson;
import com.carbon254.events.runtime.json.FieldViolation;
import com.carbon254.events.runtime.serde.PolyglotEventDeserializer;
import com.carbon254.events.runtime.serde.RegistrySchemas;
import com.carbon254.query.config.QueryConfig;
import com.carbon254.query.mapping.RecordHeader;
import com.carbon254.query.mapping.TopicEvent;
import com.carbon254.query.mapping.TopicEventPage;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Reads a topic from a point in time, for an operator: the records of every partition from the offsets of
 * {@code from} ({@code offsetsForTimes}) up to those of {@code to} (or the end), optionally only one key, decoded
 * whatever the producer wrote (registry-framed Avro or JSON, the consumers' {@link PolyglotEventDeserializer}).
 *
 * <p>Bounded: at most {@code limit} records a page, and at most {@code carbon254.query.events.time-budget} of reading;
 * then the page ends with a cursor ({@code next}) that holds each partition's next offset. Records that did not match
 * the key are behind the cursor; matching ones that did not fit are not. The Kafka consumer is blocking, so it runs on
 * a worker thread, never on the event loop: one short-lived consumer per request, assigned (no consumer group, nothing
 * committed), configured like every Kafka client of the service ({@code kafka.*}), {@code read_committed}.
 */
@ApplicationScoped
public class TopicBrowser {

    /** Most bytes of an undecodable value shown in {@code valuePreview}. */
    static final int PREVIEW_BYTES = 1024;

    /**
     * What to read.
     *
     * @param after each partition's next offset, from a previous page's cursor; null for the first page
     */
    public record Query(TopicDefinition topic, Instant from, Instant to, String key, int limit,
            Map<Integer, Long> after) {
    }

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    @Inject
    QueryConfig config;

    @ConfigProperty(name = RegistrySchemas.REGISTRY_URL_FALLBACK)
    String registryUrl;

    private PolyglotEventDeserializer deserializer;

    @PostConstruct
    void createDeserializer() {
        deserializer = PolyglotEventDeserializer.forRegistry(registryUrl);
    }

    /** One page of the topic; the reading runs on a worker thread. */
    public Uni<TopicEventPage> browse(Query query) {
        return Uni.createFrom().item(() -> read(query)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private TopicEventPage read(Query query) {
        Duration brokerTimeout = config.events().brokerTimeout();
        long deadline = System.nanoTime() + config.events().timeBudget().toNanos();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerConfig(), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            String topic = query.topic().name();
            List<TopicPartition> partitions = consumer.partitionsFor(topic, brokerTimeout).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            Map<TopicPartition, Long> beginning = consumer.beginningOffsets(partitions, brokerTimeout);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, brokerTimeout);
            Map<TopicPartition, Long> position = new HashMap<>();
            Map<TopicPartition, Long> stop = new HashMap<>();
            Map<TopicPartition, Long> fromOffsets = offsetsAt(consumer, partitions, query.from(), end, brokerTimeout);
            Map<TopicPartition, Long> toOffsets = offsetsAt(consumer, partitions, query.to(), end, brokerTimeout);
            for (TopicPartition partition : partitions) {
                long start = query.after() != null
                        ? query.after().getOrDefault(partition.partition(), beginning.get(partition))
                        : query.from() != null ? fromOffsets.get(partition) : beginning.get(partition);
                // Retention may have deleted records since the cursor was made: go on from the oldest one kept.
                position.put(partition, Math.max(start, beginning.get(partition)));
                stop.put(partition, Math.min(toOffsets.get(partition), end.get(partition)));
            }
            List<ConsumerRecord<String, byte[]>> matched = scan(consumer, query, position, stop, deadline);
            List<TopicEvent> events = matched.stream()
                    .sorted(Comparator.<ConsumerRecord<String, byte[]>>comparingLong(ConsumerRecord::timestamp)
                            .thenComparingInt(ConsumerRecord::partition).thenComparingLong(ConsumerRecord::offset))
                    .map(this::event).toList();
            boolean complete = partitions.stream().allMatch(p -> position.get(p) >= stop.get(p));
            return new TopicEventPage(topic, events, complete ? null : cursor(position));
        }
    }

    /**
     * Polls from {@code position} until a page is full, every partition reached its stop offset, or the time budget
     * is spent; advances {@code position} past every record read except matching ones that did not fit.
     */
    private static List<ConsumerRecord<String, byte[]>> scan(KafkaConsumer<String, byte[]> consumer, Query query,
            Map<TopicPartition, Long> position, Map<TopicPartition, Long> stop, long deadline) {
        List<TopicPartition> open = position.keySet().stream().filter(p -> position.get(p) < stop.get(p)).toList();
        consumer.assign(open);
        open.forEach(p -> consumer.seek(p, position.get(p)));
        List<ConsumerRecord<String, byte[]>> matched = new ArrayList<>();
        while (matched.size() < query.limit() && System.nanoTime() < deadline
                && open.stream().anyMatch(p -> position.get(p) < stop.get(p))) {
            long left = Math.max(1, Duration.ofNanos(deadline - System.nanoTime()).toMillis());
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(Math.min(left, 500)))) {
                TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                if (record.offset() < position.get(partition) || record.offset() >= stop.get(partition)) {
                    continue;
                }
                if (matches(record, query)) {
                    if (matched.size() == query.limit()) {
                        break; // the page is full: this record and those after it belong to the next page
                    }
                    matched.add(record);
                }
                position.put(partition, record.offset() + 1);
            }
            // A partition whose remaining offsets hold no records (aborted transactions, markers) is done.
            for (TopicPartition p : open) {
                if (position.get(p) < stop.get(p) && consumer.position(p) >= stop.get(p)
                        && matched.size() < query.limit()) {
                    position.put(p, stop.get(p));
                }
            }
        }
        return matched;
    }

    private static boolean matches(ConsumerRecord<String, byte[]> record, Query query) {
        return (query.key() == null || query.key().equals(record.key()))
                && (query.to() == null || record.timestamp() < query.to().toEpochMilli());
    }

    /** Each partition's first offset at or after {@code at}; its end where there is none, or for no instant. */
    private static Map<TopicPartition, Long> offsetsAt(KafkaConsumer<String, byte[]> consumer,
            List<TopicPartition> partitions, Instant at, Map<TopicPartition, Long> end, Duration timeout) {
        Map<TopicPartition, Long> offsets = new HashMap<>(end);
        if (at != null) {
            Map<TopicPartition, Long> times = new HashMap<>();
            partitions.forEach(p -> times.put(p, at.toEpochMilli()));
            consumer.offsetsForTimes(times, timeout).forEach((partition, found) -> {
                if (found != null) {
                    offsets.put(partition, found.offset());
                }
            });
        }
        return offsets;
    }

    private Map<String, Object> consumerConfig() {
        Map<String, Object> consumer = new HashMap<>(kafkaConfig);
        consumer.remove(ConsumerConfig.GROUP_ID_CONFIG);
        consumer.put(ConsumerConfig.CLIENT_ID_CONFIG, "query-api-topic-browse");
        consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumer.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumer.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500");
        return consumer;
    }

    private TopicEvent event(ConsumerRecord<String, byte[]> record) {
        List<RecordHeader> headers = new ArrayList<>();
        for (Header header : record.headers()) {
            headers.add(RecordHeader.of(header.key(), header.value()));
        }
        byte[] value = record.value();
        String headerType = EventHeaders.read(record.headers(), EventHeaders.EVENT_TYPE).orElse(null);
        if (value == null) {
            return new TopicEvent(record.partition(), record.offset(), Instant.ofEpochMilli(record.timestamp()),
                    record.key(), headers, headerType, null, null, null, null, null);
        }
        try {
            SpecificRecord decoded = decode(record);
            return new TopicEvent(record.partition(), record.offset(), Instant.ofEpochMilli(record.timestamp()),
                    record.key(), headers, EventType.of(decoded).typeName(), value[0] == 0 ? "avro" : "json",
                    AvroJson.toJson(decoded), null, value.length, null);
        } catch (RuntimeException e) {
            byte[] head = Arrays.copyOf(value, Math.min(value.length, PREVIEW_BYTES));
            String text = RecordHeader.utf8Text(head);
            return new TopicEvent(record.partition(), record.offset(), Instant.ofEpochMilli(record.timestamp()),
                    record.key(), headers, headerType, null, null, e.getMessage(), value.length,
                    text != null ? text : Base64.getEncoder().encodeToString(head));
        }
    }

    /** The deserializer reuses its Avro decoder between calls: one call at a time. */
    private synchronized SpecificRecord decode(ConsumerRecord<String, byte[]> record) {
        return deserializer.deserialize(record.topic(), record.headers(), record.value());
    }

    /** The cursor of the positions: base64url of {@code partition:offset,...}. */
    static String cursor(Map<TopicPartition, Long> position) {
        StringJoiner plain = new StringJoiner(",");
        position.entrySet().stream()
                .sorted(Comparator.comparingInt(e -> e.getKey().partition()))
                .forEach(e -> plain.add(e.getKey().partition() + ":" + e.getValue()));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The positions of a cursor; a 400 problem when it is not one. */
    public static Map<Integer, Long> positions(String cursor) {
        Map<Integer, Long> positions = new HashMap<>();
        try {
            String plain = new String(Base64.getUrlDecoder().decode(cursor.trim()), StandardCharsets.UTF_8);
            for (String entry : plain.split(",")) {
                String[] parts = entry.split(":");
                if (parts.length != 2) {
                    throw new IllegalArgumentException(entry);
                }
                positions.put(Integer.parseInt(parts[0]), Long.parseLong(parts[1]));
            }
            return positions;
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid(List.of(new FieldViolation("after",
                    "is not a cursor of this listing (pass the 'next' of a previous page), got '" + cursor + "'")));
        }
    }
}
