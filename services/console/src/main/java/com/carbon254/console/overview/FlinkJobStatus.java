package com.carbon254.console.overview;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.carbon254.console.ConsoleConfig;
import com.carbon254.console.clients.FlinkRestApi;
import com.carbon254.console.clients.FlinkRestApi.Checkpoint;
import com.carbon254.console.clients.FlinkRestApi.Job;

import io.smallrye.mutiny.Uni;

/**
 * The aggregator job as Flink reports it: its state (RUNNING, RESTARTING, FAILED …) and its last completed checkpoint,
 * from the Flink REST API (the local MiniCluster's or the JobManager's; the same API).
 */
@ApplicationScoped
public class FlinkJobStatus {

    @Inject
    ConsoleConfig config;

    @Inject
    @RestClient
    FlinkRestApi flink;

    /**
     * The job's state.
     *
     * @param state           Flink's job state, or UNREACHABLE / NOT_FOUND
     * @param lastCheckpoint  the latest completed checkpoint's id, or null
     * @param checkpointedAt  when it was acknowledged, or null
     * @param failedCheckpoints checkpoints that failed since the job started
     */
    public record FlinkJob(String name, String jobId, String state, Long lastCheckpoint, Instant checkpointedAt,
            long completedCheckpoints, long failedCheckpoints, String detail) {

        public boolean running() {
            return "RUNNING".equals(state);
        }
    }

    public Uni<FlinkJob> current() {
        String name = config.flinkJobName();
        return flink.jobs()
                .flatMap(overview -> overview.jobs().stream().filter(j -> name.equals(j.name()))
                        // the running one first, else the newest
                        .sorted((a, b) -> a.state().equals("RUNNING") ? -1 : b.state().equals("RUNNING") ? 1
                                : Long.compare(b.startTime(), a.startTime()))
                        .findFirst().map(this::withCheckpoints)
                        .orElse(Uni.createFrom().item(new FlinkJob(name, null, "NOT_FOUND", null, null, 0, 0,
                                "no job named " + name + " at " + config.flinkRestUrl()))))
                .onFailure().recoverWithItem(e -> new FlinkJob(name, null, "UNREACHABLE", null, null, 0, 0,
                        config.flinkRestUrl() + ": " + e.getMessage()));
    }

    private Uni<FlinkJob> withCheckpoints(Job job) {
        return flink.checkpoints(job.jid()).map(checkpoints -> {
            Checkpoint last = checkpoints.latest() == null ? null : checkpoints.latest().completed();
            return new FlinkJob(job.name(), job.jid(), job.state(), last == null ? null : last.id(),
                    last == null ? null : Instant.ofEpochMilli(last.latestAckTimestamp()),
                    checkpoints.counts() == null ? 0 : checkpoints.counts().completed(),
                    checkpoints.counts() == null ? 0 : checkpoints.counts().failed(), null);
        }).onFailure().recoverWithItem(e -> new FlinkJob(job.name(), job.jid(), job.state(), null, null, 0, 0,
                "checkpoints unknown: " + e.getMessage()));
    }
}
