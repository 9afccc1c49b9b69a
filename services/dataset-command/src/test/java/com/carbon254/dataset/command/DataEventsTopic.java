package com.carbon254.dataset.command;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;

import com.carbon254.events.catalog.EventType;
import com.carbon254.events.catalog.TopicCatalog;
import com.carbon254.events.runtime.EventModels;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroSerdeConfig;

/**
 * Reads the {@code data-events} topic as any consumer would: a plain KafkaConsumer with Apicurio's own Avro
 * deserializer (not the runtime's, as an independent check of what the runtime writes), from the beginning of every partition, without a consumer group.
 */
public final class DataEventsTopic implements AutoCloseable {

    private final KafkaConsumer<String, Object> consumer;
    private final List<TopicPartition> partitions = new ArrayList<>();
    private final List<ConsumerRecord<String, Object>> seen = new ArrayList<>();

    public DataEventsTopic() {
        var config = ConfigProvider.getConfig();
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.getValue("kafka.bootstrap.servers", String.class));
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, AvroKafkaDeserializer.class.getName());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put("apicurio.registry.url", config.getValue("carbon254.registry.url", String.class));
        // Apicurio's specific reader cannot read the topic's union schema: read generic records, then convert.
        props.put(AvroSerdeConfig.USE_SPECIFIC_AVRO_READER, "false");
        consumer = new KafkaConsumer<>(props);
        String topic = TopicCatalog.DATA_EVENTS.name();
        consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Every record of the topic up to its end offsets at the time of the call, in offset order per partition. */
    public synchronized List<ConsumerRecord<String, Object>> readToEnd() {
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("data-events not read to its end within 30 s");
            }
            consumer.poll(Duration.ofMillis(200)).forEach(r -> seen.add(new ConsumerRecord<>(r.topic(), r.partition(),
                    r.offset(), r.key(), (Object) toSpecific((GenericRecord) r.value()))));
        }
        return List.copyOf(seen);
    }

    /** The records keyed by that dataset id, in offset order (one dataset's records share one partition). */
    public List<ConsumerRecord<String, Object>> recordsOf(UUID datasetId) {
        return readToEnd().stream().filter(r -> datasetId.toString().equals(r.key())).toList();
    }

    /** The events of that dataset, in offset order. */
    public List<SpecificRecord> eventsOf(UUID datasetId) {
        return recordsOf(datasetId).stream().map(r -> (SpecificRecord) r.value()).toList();
    }

    /** The generated class's instance of a generic record: written back to Avro and read with the specific model. */
    private static SpecificRecord toSpecific(GenericRecord generic) {
        EventType type = EventType.byTypeName(generic.get("eventType").toString())
                .orElseThrow(() -> new IllegalStateException("not an event: " + generic));
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
            new GenericDatumWriter<GenericRecord>(generic.getSchema()).write(generic, encoder);
            encoder.flush();
            SpecificDatumReader<SpecificRecord> reader =
                    new SpecificDatumReader<>(generic.getSchema(), type.schema(), EventModels.of(type));
            return reader.read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
