package com.carbon254.dataset.command.outbox;

import java.util.UUID;

/** An outbox row the relay has claimed and is about to publish. */
public record PendingEvent(long sequence, UUID eventId, String eventType, UUID aggregateId, long aggregateVersion,
                           byte[] payload, int attempts) {
}
