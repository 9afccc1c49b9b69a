package com.carbon254.flink.aggregator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import static org.assertj.core.api.Assertions.assertThat;

class RetainedCheckpointsTest {

    @TempDir
    Path dir;

    private Path metadata(String relative, long modifiedAt) throws Exception {
        Path file = dir.resolve(relative).resolve("_metadata");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "x");
        Files.setLastModifiedTime(file, FileTime.fromMillis(modifiedAt));
        return file.getParent();
    }

    @Test
    void nothingRetained() throws Exception {
        assertThat(RetainedCheckpoints.latest(dir.resolve("checkpoints").toUri().toString(),
                dir.resolve("savepoints").toUri().toString())).isEmpty();
    }

    @Test
    void newestCompleteCheckpointOrSavepointWinsAndOlderRunsArePruned() throws Exception {
        metadata("checkpoints/job-a/chk-7", 1_000_000);
        Path newest = metadata("checkpoints/job-b/chk-3", 3_000_000);
        Files.createDirectories(dir.resolve("checkpoints/job-b/chk-4")); // in progress: no _metadata
        metadata("savepoints/savepoint-abc", 2_000_000);
        String checkpoints = dir.resolve("checkpoints").toUri().toString();

        RetainedCheckpoints.Retained latest = RetainedCheckpoints.latest(checkpoints,
                dir.resolve("savepoints").toUri().toString()).orElseThrow();
        assertThat(Path.of(java.net.URI.create(latest.path()))).isEqualTo(newest);

        assertThat(RetainedCheckpoints.pruneSuperseded(checkpoints, latest)).isEqualTo(1);
        assertThat(dir.resolve("checkpoints/job-a")).doesNotExist();
        assertThat(newest).exists();
    }

    @Test
    void aNewerSavepointWins() throws Exception {
        metadata("checkpoints/job-a/chk-7", 1_000_000);
        Path savepoint = metadata("savepoints/savepoint-abc", 2_000_000);
        RetainedCheckpoints.Retained latest = RetainedCheckpoints.latest(dir.resolve("checkpoints").toString(),
                dir.resolve("savepoints").toString()).orElseThrow();
        assertThat(latest.path()).endsWith(savepoint.getFileName().toString());
    }
}
