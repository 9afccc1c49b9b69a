package com.carbon254.devstack;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A SCRAM-SHA-512 user of the secured broker and the Kafka client settings that log in as it (SASL over plaintext,
 * as in the cluster's {@code plain} listener).
 */
public record KafkaCredentials(String username, String password) {

    public static final String MECHANISM = "SCRAM-SHA-512";
    public static final String PROTOCOL = "SASL_PLAINTEXT";

    /** The JAAS line, exactly as the Strimzi User Operator writes it to a KafkaUser's Secret ({@code sasl.jaas.config}). */
    public String jaasConfig() {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + username
                + "\" password=\"" + password + "\";";
    }

    /** Client properties that authenticate as this user. */
    public Map<String, String> clientProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("security.protocol", PROTOCOL);
        properties.put("sasl.mechanism", MECHANISM);
        properties.put("sasl.jaas.config", jaasConfig());
        return properties;
    }
}
