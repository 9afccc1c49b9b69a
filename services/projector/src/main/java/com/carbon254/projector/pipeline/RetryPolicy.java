package com.carbon254.projector.pipeline;

import java.time.Duration;

import com.carbon254.projector.ProjectorConfig;

/**
 * How one projection retries a failed batch and when it counts as stuck: {@code carbon254.projector.batch-retry.*},
 * overridden per projection by {@code carbon254.projector.projections."<name>".batch-retry.*} (see
 * {@link ProjectorConfig.Retry} for each value's meaning).
 */
public record RetryPolicy(Duration initialBackoff, Duration maxBackoff, int maxRetries, int stuckAfterFailures,
        Duration stuckTimeout) {

    public static RetryPolicy of(ProjectorConfig config, String projection) {
        ProjectorConfig.Retry defaults = config.batchRetry();
        ProjectorConfig.ProjectionSettings settings = config.projections().get(projection);
        if (settings == null) {
            return new RetryPolicy(defaults.initialBackoff(), defaults.maxBackoff(), defaults.maxRetries(),
                    defaults.stuckAfterFailures(), defaults.stuckTimeout());
        }
        ProjectorConfig.RetryOverrides own = settings.batchRetry();
        return new RetryPolicy(own.initialBackoff().orElse(defaults.initialBackoff()),
                own.maxBackoff().orElse(defaults.maxBackoff()), own.maxRetries().orElse(defaults.maxRetries()),
                own.stuckAfterFailures().orElse(defaults.stuckAfterFailures()),
                own.stuckTimeout().orElse(defaults.stuckTimeout()));
    }
}
