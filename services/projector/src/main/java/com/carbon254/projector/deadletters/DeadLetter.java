package com.carbon254.projector.deadletters;

import java.time.Instant;

import com.carbon254.projector.pipeline.SourcePosition;

/**
 * A record of a dead-letter topic as stored ({@code dead_letter} row, without its re-drive columns).
 *
 * @param headers the record's headers as JSON: {@code [{"key": k, "value": base64 or null}]}, in order
 */
public record DeadLetter(SourcePosition dlqPosition, String originalTopic, Integer originalPartition,
        Long originalOffset, String reason, String cause, String eventType, String recordKey, byte[] value,
        String valuePreview, String headers, Instant deadLetteredAt) {
}
