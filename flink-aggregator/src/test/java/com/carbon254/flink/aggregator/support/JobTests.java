package com.carbon254.flink.aggregator.support;

import com.carbon254.flink.aggregator.AggregatorConfig;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** What the job tests share: the MiniCluster, a metric reporter, the test configuration of the job. */
public final class JobTests {

    private JobTests() {
    }

    /** A MiniCluster (one task manager, four slots) that reports every metric to {@code reporter}. */
    public static MiniClusterExtension miniCluster(InMemoryReporter reporter) {
        return new MiniClusterExtension(() -> new MiniClusterResourceConfiguration.Builder()
                .setNumberTaskManagers(1)
                .setNumberSlotsPerTaskManager(4)
                .setConfiguration(reporter.addToConfiguration(new Configuration()))
                .build());
    }

    /** A prefix unique to one test, for dataset names, group ids and transactional ids. */
    public static String uniquePrefix(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * The job configuration of a test: the devstack's servers, 5-minute windows on synthetic event times, 1-minute
     * out-of-orderness, 1-second idleness, 2-minute allowed lateness, parallelism 2, 1-second checkpoints, and
     * reading only what was produced since {@code since} (so tests do not see each other's events).
     */
    public static AggregatorConfig config(String prefix, Path checkpoints, long since, String... overrides) {
        Map<String, String> args = new LinkedHashMap<>();
        args.put("bootstrap-servers", TestStack.bootstrapServers());
        args.put("registry-url", TestStack.registryUrl());
        args.put("group-id", prefix);
        args.put("starting-offsets", "timestamp:" + since);
        args.put("window-size", "5 min");
        args.put("out-of-orderness", "1 min");
        args.put("idleness", "1 s");
        args.put("allowed-lateness", "2 min");
        args.put("parallelism", "2");
        args.put("checkpoint-interval", "1 s");
        args.put("checkpoint-dir", checkpoints.resolve("checkpoints").toUri().toString());
        args.put("savepoint-dir", checkpoints.resolve("savepoints").toUri().toString());
        args.put("transactional-id-prefix", prefix);
        args.put("transaction-timeout", "2 min");
        args.put("job-name", prefix);
        for (int i = 0; i + 1 < overrides.length; i += 2) {
            args.put(overrides[i], overrides[i + 1]);
        }
        List<String> argv = new ArrayList<>();
        args.forEach((key, value) -> {
            argv.add("--" + key);
            argv.add(value);
        });
        try {
            return AggregatorConfig.fromArgs(argv.toArray(String[]::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The sum of a counter over all subtasks of a job. */
    public static long counter(InMemoryReporter reporter, JobID job, String name) {
        long sum = 0;
        for (Metric metric : reporter.findMetrics(job, ".*\\." + name).values()) {
            if (metric instanceof Counter counter) {
                sum += counter.getCount();
            }
        }
        return sum;
    }

    /** Cancels the job and waits until it has stopped. */
    public static void cancel(JobClient job) throws Exception {
        if (job == null) {
            return;
        }
        job.cancel().get(30, TimeUnit.SECONDS);
        try {
            job.getJobExecutionResult().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException cancelled) {
            // what a cancelled job's result is
        }
    }
}
