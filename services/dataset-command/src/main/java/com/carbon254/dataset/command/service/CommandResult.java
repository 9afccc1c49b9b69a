package com.carbon254.dataset.command.service;

import java.util.UUID;

/**
 * What an accepted command did: the dataset it touched, the version the dataset is at afterwards (for a deletion,
 * the version of the deletion event) and the id of the event it wrote to the outbox.
 */
public record CommandResult(UUID datasetId, long version, UUID eventId) {
}
