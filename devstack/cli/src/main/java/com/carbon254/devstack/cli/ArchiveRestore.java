package com.carbon254.devstack.cli;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import com.carbon254.devstack.server.JavaCommand;
import com.carbon254.devstack.server.ServerProcess;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The step before a replay from an instant that Kafka's retention passed: the Flink module's restore job (bounded,
 * on a local MiniCluster in a JVM of its own, like {@code ./platform up}'s jobs) writes the records of the read model's
 * topics from that instant on that the topics no longer hold back from the archive ({@code flink-archive}'s warehouse)
 * to their restore topics, where the replay reads them first.
 */
final class ArchiveRestore {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ARCHIVE_JOB = "flink-archive";
    private static final Duration TIMEOUT = Duration.ofHours(1);
    /** An endpoint only a secured platform ({@code ./platform up --secure}) writes. */
    private static final String SECURED_KAFKA = "KAFKA_SECURITY_PROTOCOL";

    private ArchiveRestore() {
    }

    /** Runs the restore of {@code readModel}'s topics from {@code from} to its end; false (said why) if it cannot. */
    static boolean run(PlatformHome platform, String projector, String readModel, String from)
            throws IOException, InterruptedException {
        Map<String, String> endpoints = platform.endpoints();
        if (endpoints.containsKey(SECURED_KAFKA)) {
            // The local restore job has no Kafka login: against SASL it would only wait for a connection.
            System.out.println("--restore runs on a plain ./platform up only; on a secured platform run the restore as"
                    + " the archive's Kafka user (docs/operating.md, \"A start before what Kafka holds\").");
            return false;
        }
        PlatformJob archive = PlatformJob.ALL.stream().filter(job -> job.name().equals(ARCHIVE_JOB)).findFirst()
                .orElseThrow();
        if (!archive.isBuilt(platform.root())) {
            System.out.println("The Flink module is not built (" + archive.classpathFile() + "): build it first.");
            return false;
        }
        TreeSet<String> topics = new TreeSet<>();
        HttpResponse<String> positions = PlatformHome.http().send(platform.asAdmin(HttpRequest.newBuilder(URI.create(
                projector + "/admin/projections/" + URLEncoder.encode(readModel, StandardCharsets.UTF_8)
                        + "/positions"))).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (positions.statusCode() != 200) {
            System.out.println("The projector does not know " + readModel + " (HTTP " + positions.statusCode() + ")");
            return false;
        }
        JSON.readTree(positions.body()).forEach((JsonNode position) -> topics.add(position.path("topic").asText()));
        if (topics.isEmpty()) {
            System.out.println(readModel + " has consumed nothing yet: nothing to restore.");
            return true;
        }
        Path data = platform.home().resolve("data");
        List<String> command = JavaCommand.main(archive.mainClass())
                .classpath(archive.classpath(platform.root()))
                .jvmOptions(archive.jvmOptions(platform.root()))
                .args("--local", "true", "--parallelism", "1",
                        "--bootstrap-servers", endpoints.get("KAFKA_BOOTSTRAP_SERVERS"),
                        "--registry-url", endpoints.get("REGISTRY_URL"),
                        "--pipelines", "restore", "--job-name", "flink-restore",
                        "--transactional-id-prefix", "flink-restore",
                        "--checkpoint-dir", data.resolve("flink-restore").resolve("checkpoints").toUri().toString(),
                        "--catalog.type", "hadoop",
                        "--catalog.warehouse", data.resolve(ARCHIVE_JOB).resolve("warehouse").toUri().toString(),
                        "--restore-topics", String.join(",", topics), "--restore-from", from)
                .build();
        System.out.println("Restoring " + String.join(", ", topics) + " from " + from
                + " out of the archive (what Kafka no longer holds) ...");
        ServerProcess.runToCompletion("flink-restore", command, platform.home(), TIMEOUT);
        System.out.println("Restored; the replay reads the restored records first.");
        return true;
    }
}
