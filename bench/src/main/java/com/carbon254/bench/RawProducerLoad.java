package com.carbon254.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

import com.carbon254.events.data.DataIngestionEvent;
import com.carbon254.events.runtime.EventHeaders;
import com.carbon254.events.runtime.serde.CatalogAvroSerializer;

/**
 * The baseline: one shared {@link KafkaProducer} with {@link CatalogAvroSerializer} and the settings of the runtime's
 * {@code events-out} channel (acks=all, idempotent, lz4, linger 5 ms, 64 KiB batches). A batch counts once the broker
 * acknowledged each of its records.
 */
final class RawProducerLoad extends Load implements AutoCloseable {

    private static final String TOPIC = "data-ingestion";

    private final KafkaProducer<String, SpecificRecord> producer;
    private final List<List<ProducerRecord<String, SpecificRecord>>> batches;

    RawProducerLoad(String bootstrapServers, String registryUrl, List<List<DataIngestionEvent>> batches) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, CatalogAvroSerializer.class.getName());
        config.put("apicurio.registry.url", registryUrl);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 65_536);
        this.producer = new KafkaProducer<>(config);
        // The records as the platform's producer convention writes them: keyed by dataset, with the event headers.
        this.batches = batches.stream().map(batch -> batch.stream()
                .map(event -> new ProducerRecord<String, SpecificRecord>(TOPIC, null, event.getDatasetName(), event,
                        EventHeaders.of(event)))
                .toList()).toList();
    }

    @Override
    void sendBatch(int index) throws Exception {
        List<ProducerRecord<String, SpecificRecord>> batch = batches.get(index % batches.size());
        List<Future<RecordMetadata>> acks = new ArrayList<>(batch.size());
        for (ProducerRecord<String, SpecificRecord> record : batch) {
            acks.add(producer.send(record));
        }
        for (Future<RecordMetadata> ack : acks) {
            ack.get(30, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
