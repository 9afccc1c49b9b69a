package com.carbon254.console.overview;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.carbon254.console.ConsoleConfig;
import com.carbon254.console.clients.FlinkRestApi;
import com.carbon254.console.clients.FlinkRestApi.Checkpoint;
import com.carbon254.console.clients.FlinkRestApi.Job;

import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.mutiny.Uni;

/**
 * The platform's Flink jobs as Flink reports them: state (RUNNING, RESTARTING, FAILED …) and last completed checkpoint,
 * from the Flink REST API each job runs behind (its local MiniCluster's or its JobManager's; the same API).
 */
@ApplicationScoped
public class FlinkJobStatus {

    @Inject
    ConsoleConfig config;

    private final Map<String, FlinkRestApi> clients = new ConcurrentHashMap<>();

    /**
     * A job's state.
     *
     * @param state             Flink's job state, or UNREACHABLE / NOT_FOUND
     * @param lastCheckpoint    the latest completed checkpoint's id, or null
     * @param checkpointedAt    when it was acknowledged, or null
     * @param failedCheckpoints checkpoints that failed since the job started
     */
    public record FlinkJob(String name, String jobId, String state, Long lastCheckpoint, Instant checkpointedAt,
            long completedCheckpoints, long failedCheckpoints, String detail) {

        public boolean running() {
            return "RUNNING".equals(state);
        }
    }

    /** Every configured job, in name order. */
    public Uni<List<FlinkJob>> all() {
        List<Uni<FlinkJob>> jobs = config.flinkJobs().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> of(e.getKey(), e.getValue())).toList();
        return jobs.isEmpty() ? Uni.createFrom().item(List.of()) : Uni.join().all(jobs).andFailFast();
    }

    private Uni<FlinkJob> of(String name, String url) {
        FlinkRestApi flink = clients.computeIfAbsent(url, u -> QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(u)).connectTimeout(2, TimeUnit.SECONDS).readTimeout(5, TimeUnit.SECONDS)
                .build(FlinkRestApi.class));
        return flink.jobs()
                .flatMap(overview -> overview.jobs().stream().filter(j -> name.equals(j.name()))
                        // the running one first, else the newest
                        .sorted((a, b) -> a.state().equals("RUNNING") ? -1 : b.state().equals("RUNNING") ? 1
                                : Long.compare(b.startTime(), a.startTime()))
                        .findFirst().map(job -> withCheckpoints(flink, job))
                        .orElse(Uni.createFrom().item(new FlinkJob(name, null, "NOT_FOUND", null, null, 0, 0,
                                "no job named " + name + " at " + url))))
                .onFailure().recoverWithItem(e -> new FlinkJob(name, null, "UNREACHABLE", null, null, 0, 0,
                        url + ": " + e.getMessage()));
    }

    private static Uni<FlinkJob> withCheckpoints(FlinkRestApi flink, Job job) {
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
