package com.carbon254.console;

import java.time.Duration;
import java.util.Map;

import io.smallrye.config.ConfigMapping;

/** Where the console reads from ({@code carbon254.console.*}); see application.properties. */
@ConfigMapping(prefix = "carbon254.console")
public interface ConsoleConfig {

    /** Base URL of the query API. */
    String queryUrl();

    /** Base URL of the projector (its admin API). */
    String projectorUrl();

    /** The platform's services by name, each with its base URL (readiness at {@code /q/health/ready}). */
    Map<String, String> services();

    /** The platform's Flink jobs by name, each with the base URL of the Flink REST API it runs behind. */
    Map<String, String> flinkJobs();

    /** How often the overview's live figures are measured and pushed. */
    Duration refreshInterval();
}
