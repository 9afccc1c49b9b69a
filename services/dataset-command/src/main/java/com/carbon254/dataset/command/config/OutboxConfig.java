package com.carbon254.dataset.command.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the outbox relay runs ({@code dataset-command.outbox.*}). */
@ConfigMapping(prefix = "dataset-command.outbox")
public interface OutboxConfig {

    /**
     * How often the sweep looks for unpublished rows (a Quarkus scheduler interval, e.g. {@code 1s}). The sweep is
     * the safety net: every commit also triggers the relay at once, so this bounds only the delay after a failure,
     * a crash, or a commit made while another instance was relaying.
     */
    @WithDefault("1s")
    String sweepInterval();

    /** Most rows one relay transaction claims. Bounds how long the relay lock is held. */
    @WithDefault("100")
    int batchSize();

    /** Most batches one relay run publishes before it lets the next trigger or sweep continue. */
    @WithDefault("50")
    int maxBatchesPerRun();

    /** How long published rows stay in the outbox (for inspection) before the cleanup deletes them. */
    @WithDefault("7d")
    Duration retention();

    /** How often published rows older than {@link #retention()} are deleted. */
    @WithDefault("1h")
    String cleanupInterval();
}
