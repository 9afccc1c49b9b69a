package com.carbon254.flink.aggregator.support;

import com.carbon254.devstack.Component;
import com.carbon254.devstack.EmbeddedStack;
import com.carbon254.devstack.testing.SharedStack;

import java.util.EnumSet;

/**
 * The real Kafka broker and Apicurio Registry of the devstack (each in a JVM of its own), started once per test JVM
 * with topics provisioned and schemas registered ({@link SharedStack}).
 */
public final class TestStack {

    private TestStack() {
    }

    public static EmbeddedStack get() {
        return SharedStack.get(EnumSet.of(Component.KAFKA, Component.REGISTRY));
    }

    public static String bootstrapServers() {
        return get().endpoints().kafkaBootstrapServers();
    }

    public static String registryUrl() {
        return get().endpoints().registryUrl();
    }

    public static String registryCcompatUrl() {
        return get().endpoints().registryCcompatUrl();
    }
}
