package com.carbon254.dataset.command.outbox;

/** Where the broker stored a relayed outbox row: what the relay records when it marks the row published. */
public record Publication(long sequence, String topic, int partition, long offset) {
}
