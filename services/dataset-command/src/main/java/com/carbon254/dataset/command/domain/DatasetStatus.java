package com.carbon254.dataset.command.domain;

/**
 * Lifecycle status a client may give a dataset. The event contract's {@code DatasetStatus} also has {@code UNKNOWN},
 * which exists only so that old readers can read symbols added later; a command never sets it.
 */
public enum DatasetStatus {
    ACTIVE,
    DEPRECATED,
    ARCHIVED
}
