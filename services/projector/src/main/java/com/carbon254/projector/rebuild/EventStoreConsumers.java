package com.carbon254.projector.rebuild;

import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.Config;

import io.smallrye.common.annotation.Identifier;

/**
 * Plain {@link KafkaConsumer}s over a projection's topics, configured like its live channel (same broker, same value
 * deserializer and registry settings) but outside any consumer group: a replay must not take partitions from the live
 * projection, nor commit anything.
 */
@ApplicationScoped
public class EventStoreConsumers {

    private static final String CONNECTOR_PREFIX = "mp.messaging.connector.smallrye-kafka.";
    private static final String CHANNELS = "mp.messaging.incoming.";

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaDefaults;

    @Inject
    Config config;

    /**
     * A group-less consumer whose values are catalog records or {@link TolerantDeserializer.Undeserializable}.
     *
     * @param channel        the live channel whose settings it takes
     * @param clientId       client id (shows in broker logs and metrics)
     * @param maxPollRecords records per poll
     */
    public KafkaConsumer<String, Object> create(String channel, String clientId, int maxPollRecords) {
        Map<String, Object> props = new HashMap<>();
        // Serde settings the runtime and this service give the channel (registry URL, …); unknown keys are ignored.
        copy(CONNECTOR_PREFIX, props);
        copy(CHANNELS + channel + ".", props);
        props.putAll(kafkaDefaults);
        config.getOptionalValue("carbon254.registry.url", String.class).ifPresent(url -> {
            props.putIfAbsent("apicurio.registry.url", url);
            props.putIfAbsent("carbon254.registry.url", url);
        });
        String valueDeserializer = config.getOptionalValue(CHANNELS + channel + ".value.deserializer", String.class)
                .orElseGet(() -> config.getValue(CONNECTOR_PREFIX + "value.deserializer", String.class));
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, TolerantDeserializer.class.getName());
        props.put(TolerantDeserializer.DELEGATE, valueDeserializer);
        // Records are only complete once committed by their producer (the command side's relay is transactional).
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(props);
    }

    private void copy(String prefix, Map<String, Object> props) {
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(prefix)) {
                config.getOptionalValue(name, String.class)
                        .ifPresent(value -> props.put(name.substring(prefix.length()), value));
            }
        }
    }
}
