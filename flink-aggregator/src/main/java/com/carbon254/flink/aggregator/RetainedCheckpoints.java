package com.carbon254.flink.aggregator;

import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Finds the state a restarted job resumes from when nothing outside the job does it (on a Flink cluster the
 * Kubernetes operator does: {@code upgradeMode: savepoint}; a local run has no {@code flink run -s}).
 *
 * <p>Candidates are the complete checkpoints under the checkpoint directory ({@code <dir>/<job-id>/chk-<n>/_metadata};
 * an incomplete checkpoint has no {@code _metadata}) and the savepoints under the savepoint directory
 * ({@code <dir>/savepoint-*}/_metadata). The newest {@code _metadata} wins.
 */
public final class RetainedCheckpoints {

    private static final String METADATA = "_metadata";

    private RetainedCheckpoints() {
    }

    /** One complete checkpoint or savepoint. */
    public record Retained(String path, long modifiedAt) {
    }

    /** The newest complete checkpoint or savepoint under the two directories, if any. */
    public static Optional<Retained> latest(String checkpointDir, String savepointDir) throws IOException {
        List<Retained> found = new ArrayList<>();
        for (FileStatus job : list(checkpointDir)) {
            if (job.isDir()) {
                for (FileStatus checkpoint : list(job.getPath().toString())) {
                    if (checkpoint.isDir() && checkpoint.getPath().getName().startsWith("chk-")) {
                        complete(checkpoint.getPath()).ifPresent(found::add);
                    }
                }
            }
        }
        if (savepointDir != null) {
            for (FileStatus savepoint : list(savepointDir)) {
                if (savepoint.isDir() && savepoint.getPath().getName().startsWith("savepoint-")) {
                    complete(savepoint.getPath()).ifPresent(found::add);
                }
            }
        }
        return found.stream().max(Comparator.comparingLong(Retained::modifiedAt)
                .thenComparingLong(r -> checkpointNumber(r.path())));
    }

    /**
     * Deletes the job directories under {@code checkpointDir} that hold nothing newer than {@code resumed} (the
     * checkpoints of earlier runs, superseded by the one the new run resumes from and then owns), so that restarts do
     * not pile up directories. The directory of {@code resumed} itself is kept.
     *
     * @return how many job directories were deleted
     */
    public static int pruneSuperseded(String checkpointDir, Retained resumed) throws IOException {
        Path keep = new Path(resumed.path()).getParent();
        int deleted = 0;
        for (FileStatus job : list(checkpointDir)) {
            if (!job.isDir() || job.getPath().equals(keep)) {
                continue;
            }
            boolean newer = false;
            for (FileStatus checkpoint : list(job.getPath().toString())) {
                Optional<Retained> complete = checkpoint.isDir() ? complete(checkpoint.getPath()) : Optional.empty();
                if (complete.isPresent() && complete.get().modifiedAt() > resumed.modifiedAt()) {
                    newer = true;
                }
            }
            if (!newer && job.getPath().getFileSystem().delete(job.getPath(), true)) {
                deleted++;
            }
        }
        return deleted;
    }

    private static Optional<Retained> complete(Path dir) throws IOException {
        Path metadata = new Path(dir, METADATA);
        FileSystem fs = metadata.getFileSystem();
        if (!fs.exists(metadata)) {
            return Optional.empty();
        }
        return Optional.of(new Retained(dir.toString(), fs.getFileStatus(metadata).getModificationTime()));
    }

    private static FileStatus[] list(String dir) throws IOException {
        Path path = new Path(dir);
        FileSystem fs = path.getFileSystem();
        if (!fs.exists(path)) {
            return new FileStatus[0];
        }
        FileStatus[] statuses = fs.listStatus(path);
        return statuses == null ? new FileStatus[0] : statuses;
    }

    private static long checkpointNumber(String path) {
        int at = path.lastIndexOf("chk-");
        if (at < 0) {
            return -1;
        }
        try {
            return Long.parseLong(path.substring(at + 4).replaceAll("/+$", ""));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
