package com.carbon254.console.overview;

import java.time.Instant;
import java.util.List;

import com.carbon254.console.overview.FlinkJobStatus.FlinkJob;
import com.carbon254.console.overview.ServiceReadiness.Readiness;
import com.carbon254.console.overview.TopicStatistics.TopicRow;

/**
 * One measurement of the platform: topics (or why they could not be read), readiness of the services, the Flink jobs.
 */
public record Overview(Instant measuredAt, List<TopicRow> topics, String kafkaError, List<Readiness> services,
        List<FlinkJob> flinkJobs) {

    public long servicesUp() {
        return services.stream().filter(Readiness::up).count();
    }
}
