package com.carbon254.events.runtime.config;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The settings of a Kafka {@code Admin} client of a service: the service's default Kafka configuration (the
 * {@code kafka.*} keys, {@code @Identifier("default-kafka-broker")}, security settings included) reduced to what an
 * admin client understands, so that it reaches the broker exactly as the service's channels do.
 */
public final class KafkaAdminSettings {

    private KafkaAdminSettings() {
    }

    /** The admin settings from the service's Kafka configuration, with its own client id. */
    public static Map<String, Object> of(Map<String, Object> kafkaConfig, String clientId) {
        Set<String> adminKeys = AdminClientConfig.configNames();
        Map<String, Object> settings = new HashMap<>();
        kafkaConfig.forEach((key, value) -> {
            if (adminKeys.contains(key) || key.startsWith("sasl.") || key.startsWith("ssl.")) {
                settings.put(key, value);
            }
        });
        settings.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        return settings;
    }
}
