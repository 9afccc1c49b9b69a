package com.carbon254.events.gateway.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The gateway's own settings ({@code carbon254.gateway.*}). */
@ConfigMapping(prefix = "carbon254.gateway")
public interface GatewayConfig {

    /** Most events one batch request may carry; a larger batch is refused whole with 413. */
    @WithDefault("1000")
    int maxBatchSize();

    /** How long a client is asked to wait ({@code Retry-After}) when the broker cannot take events. */
    @WithDefault("5s")
    Duration retryAfter();

    /**
     * The source recorded for an event that names none. Validation requires producers to name their source, so this
     * only matters to events built by the gateway itself.
     */
    @WithDefault("event-gateway")
    String source();
}
