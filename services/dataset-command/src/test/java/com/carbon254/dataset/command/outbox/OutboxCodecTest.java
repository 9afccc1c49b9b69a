package com.carbon254.dataset.command.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.carbon254.events.data.DatasetDeletedEvent;

class OutboxCodecTest {

    private final OutboxCodec codec = new OutboxCodec();

    @Test
    void anEventSurvivesTheOutboxUnchanged() {
        DatasetDeletedEvent event = DatasetDeletedEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setTimestamp(Instant.ofEpochMilli(1_700_000_000_123L))
                .setSource("dataset-command")
                .setCorrelationId("flow-1")
                .setDatasetId(UUID.randomUUID().toString())
                .setDatasetVersion(3)
                .setName("sales.orders")
                .setDeletedBy("alice")
                .build();

        byte[] payload = codec.encode(event);

        assertThat(codec.decode("DatasetDeleted", payload)).isEqualTo(event);
    }

    @Test
    void aPayloadOfAnotherTypeIsRefused() {
        DatasetDeletedEvent event = DatasetDeletedEvent.newBuilder()
                .setEventId("e").setTimestamp(Instant.EPOCH).setSource("s").setDatasetId("d")
                .setDatasetVersion(1).setName("n").setDeletedBy("a").build();
        byte[] payload = codec.encode(event);
        assertThatThrownBy(() -> codec.decode("DatasetCreated", payload)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> codec.decode("NoSuchType", payload)).isInstanceOf(IllegalArgumentException.class);
    }
}
