package com.carbon254.dataset.command.outbox;

import java.time.Instant;

/**
 * The unpublished part of the outbox.
 *
 * @param size            number of unpublished rows
 * @param oldestCreatedAt when the oldest unpublished row was written, or null when there is none
 */
public record Backlog(long size, Instant oldestCreatedAt) {

    public static final Backlog EMPTY = new Backlog(0, null);
}
