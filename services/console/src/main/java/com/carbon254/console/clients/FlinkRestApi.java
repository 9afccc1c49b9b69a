package com.carbon254.console.clients;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.smallrye.mutiny.Uni;

/**
 * The Flink REST API (the same on a local MiniCluster and on a JobManager): the jobs and their checkpoints. One client
 * per job's REST URL ({@code carbon254.console.flink-jobs}).
 */
public interface FlinkRestApi {

    @GET
    @Path("/jobs/overview")
    Uni<JobsOverview> jobs();

    @GET
    @Path("/jobs/{jobId}/checkpoints")
    Uni<Checkpoints> checkpoints(@PathParam("jobId") String jobId);

    @JsonIgnoreProperties(ignoreUnknown = true)
    record JobsOverview(List<Job> jobs) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Job(String jid, String name, String state, @JsonProperty("start-time") long startTime) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Checkpoints(Counts counts, Latest latest) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Counts(long completed, long failed, @JsonProperty("in_progress") long inProgress) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Latest(Checkpoint completed, Checkpoint failed) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Checkpoint(long id, @JsonProperty("latest_ack_timestamp") long latestAckTimestamp,
            @JsonProperty("end_to_end_duration") long endToEndDuration,
            @JsonProperty("failure_timestamp") long failureTimestamp,
            @JsonProperty("failure_message") String failureMessage) {
    }
}
