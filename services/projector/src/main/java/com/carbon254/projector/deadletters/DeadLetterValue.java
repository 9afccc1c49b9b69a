package com.carbon254.projector.deadletters;

/**
 * The value of a dead-letter record: its exact bytes (null for a tombstone) and, decoded ahead of the batch
 * transaction (decoding may ask the registry for a writer schema), a preview for people.
 *
 * @param preview the event as JSON when decodable, else the bytes as UTF-8 text when they are text, else null
 */
public record DeadLetterValue(byte[] bytes, String preview) {
}
