package com.carbon254.devstack;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Kafka topology a stack is asked for, and the topic durability it implies. */
class StackOptionsTest {

    private static final StackOptions ONE_BROKER = StackOptions.forTests(Path.of("unused"), EnumSet.of(Component.KAFKA));

    @Test
    void oneBrokerByDefaultWithEverythingOnItsSingleReplica() {
        assertThat(ONE_BROKER.brokers()).isEqualTo(1);
        assertThat(ONE_BROKER.replicationFactor()).isEqualTo((short) 1);
        assertThat(ONE_BROKER.minInsyncReplicas()).isEqualTo(1);
    }

    @Test
    void threeBrokersHaveProductionsReplicationFactorAndMinInsyncReplicas() {
        StackOptions three = ONE_BROKER.withBrokers(3);
        assertThat(three.brokers()).isEqualTo(3);
        assertThat(three.replicationFactor()).isEqualTo((short) 3);
        assertThat(three.minInsyncReplicas()).isEqualTo(2);
        assertThat(three.withBrokers(1)).isEqualTo(ONE_BROKER);
    }

    @Test
    void otherBrokerCountsAndASecuredClusterAreRefused() {
        assertThatThrownBy(() -> ONE_BROKER.withBrokers(2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 or 3 brokers");
        assertThatThrownBy(() -> new StackOptions(Path.of("unused"), EnumSet.of(Component.KAFKA), true, Map.of(), false,
                true, true, true, 3, line -> { })).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("secured stack runs a single Kafka broker");
    }
}
