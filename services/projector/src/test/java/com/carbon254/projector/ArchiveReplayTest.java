package com.carbon254.projector;

import static com.carbon254.projector.ProjectorTestSupport.publish;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import com.carbon254.devstack.server.JavaCommand;
import com.carbon254.devstack.server.ServerProcess;
import com.carbon254.devstack.testing.EmbeddedStackResource;
import com.carbon254.events.system.HealthStatus;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A replay from an instant whose records Kafka's retention deleted reads them from the analytics archive: the Flink
 * module's archive job (bounded) writes the events to Iceberg tables, the records are deleted from the topics (the log
 * start offset moved past them, as retention does), the rows are damaged, the restore job writes the archived records
 * back to the restore topics, and a replay from the instant rebuilds exactly the rows a replay made while Kafka still
 * held them — those of a JSON-written event included — and skips a restored poison record again without a second dead
 * letter. The Flink jobs run as the platform runs them locally: the module's built classpath, a MiniCluster.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedStackResource.class)
class ArchiveReplayTest extends EmbeddedStackTest {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final Path ROOT = Path.of(System.getProperty("platform.root", "../..")).toAbsolutePath().normalize();
    private static final List<String> TOPICS = List.of("data-quality-aggregated", "system-health",
            "deployment-events", "config-changes");

    @Test
    void aReplayFromBeforeWhatKafkaHoldsRebuildsTheRowsFromTheArchive() throws Exception {
        Instant w = Instant.parse("2025-08-01T00:00:00Z");
        String quality = "SELECT dataset_name || '|' || update_sequence || '|' || checks || '|' || passed || '|' "
                + "|| failed_checks::text || '|' || kafka_offset FROM read_model.quality_window "
                + "WHERE dataset_name LIKE 'ar-q-%' ORDER BY 1";
        String status = ReplayCalls.serviceStatusRows("ar-svc-");
        String timeline = ReplayCalls.serviceTimelineRows("ar-svc-");
        Instant from = ReplayCalls.mark();
        publish(producer(), List.of(
                PlatformEvents.quality("ar-q-a", w, 1, 4, 3, 0, List.of("unique-key")),
                PlatformEvents.quality("ar-q-a", w, 2, 5, 3, 1, List.of("unique-key", "not-null")),
                PlatformEvents.quality("ar-q-b", w, 0, 2, 2, 0, List.of()),
                PlatformEvents.health(PlatformEvents.newId(), "ar-svc-a", HealthStatus.HEALTHY, w),
                PlatformEvents.health(PlatformEvents.newId(), "ar-svc-a", HealthStatus.DEGRADED, w.plusSeconds(10)),
                PlatformEvents.health(PlatformEvents.newId(), "ar-svc-a", HealthStatus.HEALTHY, w.plusSeconds(20)),
                PlatformEvents.deployment("ar-svc-a", "1.0.0", w.plusSeconds(30)),
                PlatformEvents.health(PlatformEvents.newId(), "ar-svc-b", HealthStatus.UNHEALTHY, w)));
        // From a producer that writes JSON, and a record no consumer reads (the archive keeps it undecodable).
        RecordMetadata poisonAt;
        try (KafkaProducer<String, byte[]> raw = ProjectorTestSupport.rawProducer(bootstrap)) {
            raw.send(new ProducerRecord<>("system-health", "ar-svc-c", ("{\"eventId\": \"" + PlatformEvents.newId()
                    + "\", \"timestamp\": " + w.plusSeconds(40).toEpochMilli() + ", \"source\": \"node-probe\", "
                    + "\"serviceName\": \"ar-svc-c\", \"namespace\": \"prod\", \"healthStatus\": \"DEGRADED\", "
                    + "\"latencyMs\": 250, \"errorRate\": 0.2, \"message\": \"from node\"}").getBytes(UTF_8))).get();
            poisonAt = raw.send(new ProducerRecord<>("system-health", "ar-svc-c", GARBAGE)).get();
        }
        await().atMost(WAIT).until(() -> strings(quality).size() == 2 && strings(status).size() == 3
                && strings(timeline).size() == 6 && strings(quality).get(0).startsWith("ar-q-a|2|"));
        await().atMost(WAIT).until(() -> !ProjectorTestSupport.deadLettersOf(bootstrap, poisonAt).isEmpty());

        // The reference: replays while Kafka holds every record.
        replay("quality", from);
        replay("service-health", from);
        List<String> qualityHeld = strings(quality);
        List<String> statusHeld = strings(status);
        List<String> timelineHeld = strings(timeline);
        assertThat(qualityHeld).hasSize(2);
        assertThat(statusHeld).hasSize(3).last().asString().startsWith("ar-svc-c|DEGRADED|from node|");
        assertThat(timelineHeld).hasSize(6);

        Path home = Files.createTempDirectory("archive-replay-");
        runFlinkJob(home, "archive", "--pipelines", "archive", "--bounded", "true",
                "--starting-offsets", "timestamp:" + from.toEpochMilli());
        deleteEverythingFrom(TOPICS);
        // Damage the live guards would never repair (a higher update_sequence), and rows gone.
        execute("UPDATE read_model.quality_window SET passed = 0, update_sequence = 7 WHERE dataset_name = 'ar-q-a'");
        execute("DELETE FROM read_model.quality_window WHERE dataset_name = 'ar-q-b'");
        execute("UPDATE read_model.service_status SET health_status = 'UNKNOWN' WHERE service_name = 'ar-svc-a'");
        execute("DELETE FROM read_model.service_timeline WHERE service_name = 'ar-svc-a' AND kind = 'DEPLOYMENT'");
        execute("DELETE FROM read_model.service_status WHERE service_name = 'ar-svc-c'");
        int deadLetters = ProjectorTestSupport.deadLettersOf(bootstrap, poisonAt).size();

        // Without the restore, a replay from the instant finds nothing to read again and keeps the damaged rows.
        replay("quality", from);
        assertThat(strings(quality)).hasSize(1).first().asString().startsWith("ar-q-a|7|");

        runFlinkJob(home, "restore", "--pipelines", "restore", "--restore-topics", String.join(",", TOPICS),
                "--restore-from", from.toString());
        replay("quality", from);
        replay("service-health", from);
        assertThat(strings(quality)).isEqualTo(qualityHeld);
        assertThat(strings(status)).isEqualTo(statusHeld);
        assertThat(strings(timeline)).isEqualTo(timelineHeld);
        // The poison record was restored too (byte for byte), and skipped by the replays without a second dead letter.
        assertThat(ProjectorTestSupport.readAll(bootstrap, "system-health.restore")).filteredOn(r ->
                        Long.toString(poisonAt.offset()).equals(ProjectorTestSupport.header(r, "restored.offset"))
                        && Integer.toString(poisonAt.partition()).equals(
                                ProjectorTestSupport.header(r, "restored.partition")))
                .singleElement().satisfies(r -> assertThat(r.value()).isEqualTo(GARBAGE));
        assertThat(ProjectorTestSupport.deadLettersOf(bootstrap, poisonAt)).hasSize(deadLetters);

        // The retention passes the restore: the records between are in neither, so the replay refuses to run on it.
        publish(producer(), List.of(PlatformEvents.quality("ar-q-c", w, 0, 1, 1, 0, List.of())));
        await().atMost(WAIT).until(() -> strings(quality).size() == 3);
        deleteEverythingFrom(List.of("data-quality-aggregated"));
        String stale = ReplayCalls.start("quality", "from", from.toString());
        await().atMost(WAIT).untilAsserted(() -> ReplayCalls.admin().get("/admin/projections/quality/rebuild/" + stale)
                .then().statusCode(200).body("state", equalTo("FAILED"))
                .body("error", containsString("restore again")));
    }

    /** Replays the read model from {@code from} to its end. */
    private static void replay(String readModel, Instant from) {
        ReplayCalls.awaitCompleted(readModel, ReplayCalls.start(readModel, "from", from.toString()), WAIT);
    }

    /** Runs a bounded job of the Flink module to its end, as ./platform runs the jobs locally. */
    private void runFlinkJob(Path home, String name, String... args) throws IOException {
        Path aggregator = ROOT.resolve("flink-aggregator");
        Path classpath = aggregator.resolve("target/aggregator.classpath");
        if (!Files.isRegularFile(classpath)) {
            throw new IllegalStateException("flink-aggregator is not built (" + classpath + "): run this test in a "
                    + "reactor build, e.g. ./mvnw -pl services/projector -am verify");
        }
        List<String> all = new ArrayList<>(List.of("--local", "true", "--parallelism", "1",
                "--bootstrap-servers", bootstrap, "--registry-url", registryUrl,
                "--group-id", "archive-replay-test", "--transactional-id-prefix", "archive-replay-test",
                "--checkpoint-dir", home.resolve(name + "-checkpoints").toUri().toString(),
                "--checkpoint-interval", "1 s",
                "--catalog.warehouse", home.resolve("warehouse").toUri().toString()));
        all.addAll(Arrays.asList(args));
        List<String> command = JavaCommand.main("com.carbon254.flink.aggregator.AggregatorJob")
                .classpath(Arrays.asList(Files.readString(classpath).trim().split(":")))
                .jvmOptions(Arrays.asList(Files.readString(aggregator.resolve("target/aggregator.jvm-options"))
                        .trim().split("\\s+")))
                .heap("512m")
                .args(all.toArray(String[]::new))
                .build();
        long started = System.nanoTime();
        ServerProcess.runToCompletion("flink-" + name, command, home, Duration.ofMinutes(4));
        System.out.printf("flink %s job: %d ms%n", name, (System.nanoTime() - started) / 1_000_000);
    }

    /** Moves every partition's log start offset to its end, as retention does to old segments. */
    private void deleteEverythingFrom(List<String> topics) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Map<TopicPartition, RecordsToDelete> delete = new HashMap<>();
            for (String topic : topics) {
                ProjectorTestSupport.endOffsets(bootstrap, topic).forEach((partition, end) ->
                        delete.put(new TopicPartition(topic, partition), RecordsToDelete.beforeOffset(end)));
            }
            admin.deleteRecords(delete).all().get(30, TimeUnit.SECONDS);
        }
    }
}
