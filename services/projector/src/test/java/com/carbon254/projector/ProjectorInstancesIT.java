package com.carbon254.projector;

import static com.carbon254.projector.ProjectorTestSupport.publish;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

import com.carbon254.devstack.Component;
import com.carbon254.devstack.EmbeddedStack;
import com.carbon254.devstack.Endpoints;
import com.carbon254.devstack.testing.SharedStack;
import com.carbon254.events.catalog.TopicCatalog;
import com.carbon254.projector.DatasetLifecycles.ExpectedDataset;
import com.carbon254.projector.DatasetLifecycles.HistoryEntry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Resilience of the live dataset projection with real processes: the module's built jar runs as two JVMs in the
 * same consumer groups against the real embedded Kafka, registry, PostgreSQL and search node.
 * <ol>
 * <li>Two live instances split the partitions of {@code data-events}, and the read model (PostgreSQL and the
 *     index) equals the state folded from the published events.</li>
 * <li>One instance is {@code kill -9}ed while it works through a backlog and events keep flowing; the other takes over its partitions after the consumer
 *     session timeout; the killed one is restarted; the read model is again exactly the fold of everything
 *     published: no event lost, no history row twice, positions at the end offsets, nothing dead-lettered.</li>
 * </ol>
 * A failsafe test (integration-test phase): it needs the fast-jar the package phase builds.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProjectorInstancesIT {

    private static final String TOPIC = TopicCatalog.DATA_EVENTS.name();
    private static final String GROUP = "projector-datasets";
    private static final int PARTITIONS = TopicCatalog.DATA_EVENTS.partitions();
    /** Generous: two cores shared with the servers, three JVMs of the projector and other builds. */
    private static final Duration START = Duration.ofMinutes(3);
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final Duration POLL = Duration.ofMillis(500);
    /**
     * A dead instance's partitions move after the consumer session timeout: short here (the broker's minimum is
     * 6 s), so the takeover is quick; heartbeats well inside it keep a busy live instance in the group.
     */
    private static final Map<String, String> CONSUMER_CONFIG = Map.of(
            "mp.messaging.incoming.data-events.session.timeout.ms", "6000",
            "mp.messaging.incoming.data-events.heartbeat.interval.ms", "1000");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static final long BEGIN = System.nanoTime();

    private static Endpoints endpoints;
    private static Path home;
    private static KafkaProducer<String, SpecificRecord> producer;
    private static ProjectorInstance first;
    private static ProjectorInstance second;
    private static final DatasetLifecycles lifecycles = new DatasetLifecycles("res", 254);

    /** On a failure, the end of both instances' logs says what they were doing. */
    @RegisterExtension
    static final TestWatcher LOGS_ON_FAILURE = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            for (ProjectorInstance instance : new ProjectorInstance[] {first, second}) {
                if (instance != null) {
                    System.err.println(instance.logTail());
                }
            }
        }
    };

    @BeforeAll
    static void startStackAndTwoInstances() throws Exception {
        endpoints = SharedStack.get(EnumSet.allOf(Component.class)).endpoints();
        progress("stack ready");
        home = Path.of(System.getProperty("projector.instances.home", "target/projector-instances"));
        EmbeddedStack.deleteRecursively(home); // the logs of this run only
        Files.createDirectories(home);
        // Both at once, as a scaled-out deployment starts: concurrent Flyway migrations and index creation included.
        first = ProjectorInstance.start("projector-a", endpoints, home, CONSUMER_CONFIG);
        second = ProjectorInstance.start("projector-b", endpoints, home, CONSUMER_CONFIG);
        first.awaitReady(START);
        second.awaitReady(START);
        progress("two instances ready");
        producer = ProjectorTestSupport.avroProducer(endpoints.kafkaBootstrapServers(), endpoints.registryUrl());
    }

    @AfterAll
    static void stopInstances() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
        for (ProjectorInstance instance : new ProjectorInstance[] {first, second}) {
            if (instance != null) {
                instance.close();
            }
        }
    }

    @Test
    @Order(1)
    void twoInstancesSplitThePartitionsAndProjectTheFoldOfTheEvents() throws Exception {
        awaitSplitBetween(first, second);

        lifecycles.addDatasets(500);
        List<SpecificRecord> events = lifecycles.next(3000);
        publish(producer, events);
        progress("published " + events.size() + " events");

        awaitCaughtUp();
        progress("caught up");
        assertReadModelIsTheFold();
        assertSearchIndexIsTheFold();

        // Both applied a share, and together each event exactly once (no rebalance happened meanwhile).
        await().atMost(WAIT).pollInterval(POLL).untilAsserted(() -> {
            double a = first.appliedEvents();
            double b = second.appliedEvents();
            assertThat(a).as("events applied by %s", first.name()).isPositive();
            assertThat(b).as("events applied by %s", second.name()).isPositive();
            assertThat(a + b).as("events applied by both").isEqualTo(events.size());
        });
    }

    @Test
    @Order(2)
    void anInstanceKilledMidStreamAndRestartedLeavesTheSameReadModel() throws Exception {
        ProjectorInstance survivor = first;
        ProjectorInstance victim = second;
        Set<Integer> victimPartitions = awaitSplitBetween(survivor, victim).get(victim.dataEventsClientId());
        double victimApplied = victim.appliedEvents();

        // A burst, so that the victim has a backlog to work through in full batches when it dies, then a steady
        // flow (50/s, interleaved over the datasets) through the kill, the takeover and the restart.
        lifecycles.addDatasets(300);
        publish(producer, lifecycles.next(2000));
        AtomicReference<Throwable> publishFailure = new AtomicReference<>();
        ScheduledExecutorService publisher = Executors.newSingleThreadScheduledExecutor();
        publisher.scheduleAtFixedRate(() -> {
            try {
                publish(producer, lifecycles.next(5));
            } catch (Throwable e) {
                publishFailure.compareAndSet(null, e);
                throw new IllegalStateException(e);
            }
        }, 0, 100, TimeUnit.MILLISECONDS);
        try {
            // Mid-stream: the victim has started on the burst when it dies.
            await().atMost(WAIT).pollInterval(Duration.ofMillis(100))
                    .until(() -> victim.appliedEvents() >= victimApplied + 100);
            victim.kill();
            Map<Integer, Long> atKill = storedPositions();
            Map<Integer, Long> ends = ProjectorTestSupport.endOffsets(endpoints.kafkaBootstrapServers(), TOPIC);
            long backlog = victimPartitions.stream().mapToLong(p -> ends.get(p) - atKill.getOrDefault(p, 0L)).sum();
            progress("killed " + victim.name() + " (partitions " + victimPartitions + ", " + backlog
                    + " of their records not applied)");
            assertThat(victim.isAlive()).isFalse();

            // The survivor takes the victim's partitions once its session expired, and projects them.
            await().atMost(WAIT).pollInterval(POLL).untilAsserted(() -> assertThat(assignment())
                    .isEqualTo(Map.of(survivor.dataEventsClientId(), allPartitions())));
            await().atMost(WAIT).pollInterval(POLL).untilAsserted(() -> {
                Map<Integer, Long> now = storedPositions();
                for (int partition : victimPartitions) {
                    assertThat(now.get(partition)).as("stored position of partition %d", partition)
                            .isGreaterThan(atKill.getOrDefault(partition, 0L));
                }
            });
            progress(survivor.name() + " took over every partition");

            // Restarted, the killed instance takes a share of the partitions again.
            second = ProjectorInstance.start("projector-b-restarted", endpoints, home, CONSUMER_CONFIG).awaitReady(START);
            awaitSplitBetween(survivor, second);
            progress(second.name() + " ready, partitions split again");
        } finally {
            publisher.shutdown();
            assertThat(publisher.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(publishFailure.get()).as("publishing failed").isNull();
        // A last event on every dataset of the pool, so the restarted instance has work on each of its partitions.
        publish(producer, lifecycles.oneForEach());
        progress("published " + lifecycles.eventCount() + " events in all");

        awaitCaughtUp();
        progress("caught up");
        assertReadModelIsTheFold();
        assertSearchIndexIsTheFold();
        await().atMost(WAIT).pollInterval(POLL).untilAsserted(() ->
                assertThat(second.appliedEvents()).as("events applied by %s", second.name()).isPositive());
        // Nothing was rejected: redelivered records were skipped, not conflicting versions.
        assertThat(ProjectorTestSupport.endOffsets(endpoints.kafkaBootstrapServers(), TOPIC + ".dlq").values())
                .as("records on %s.dlq", TOPIC).allMatch(end -> end == 0);
    }

    private static void progress(String step) {
        System.out.printf("[ProjectorInstancesIT %5.1f s] %s%n", (System.nanoTime() - BEGIN) / 1e9, step);
    }

    // ---- consumer group ------------------------------------------------------------------------------------

    /** Waits until exactly these instances are in the group, each owning partitions, together all of them. */
    private static Map<String, Set<Integer>> awaitSplitBetween(ProjectorInstance a, ProjectorInstance b) {
        return await().atMost(WAIT).pollInterval(POLL).until(ProjectorInstancesIT::assignment, members ->
                members.keySet().equals(Set.of(a.dataEventsClientId(), b.dataEventsClientId()))
                        && members.values().stream().noneMatch(Set::isEmpty)
                        && members.values().stream().mapToInt(Set::size).sum() == PARTITIONS);
    }

    /** Client id of each member of the dataset projection's group → its partitions of data-events. */
    private static Map<String, Set<Integer>> assignment() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", endpoints.kafkaBootstrapServers()))) {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(GROUP)).describedGroups().get(GROUP)
                    .get(10, TimeUnit.SECONDS);
            Map<String, Set<Integer>> members = new HashMap<>();
            for (MemberDescription member : group.members()) {
                Set<Integer> partitions = members.computeIfAbsent(member.clientId(), id -> new HashSet<>());
                for (TopicPartition partition : member.assignment().topicPartitions()) {
                    if (partition.topic().equals(TOPIC)) {
                        partitions.add(partition.partition());
                    }
                }
            }
            return members;
        }
    }

    private static Set<Integer> allPartitions() {
        Set<Integer> all = new HashSet<>();
        for (int p = 0; p < PARTITIONS; p++) {
            all.add(p);
        }
        return all;
    }

    // ---- read model ----------------------------------------------------------------------------------------

    /** Waits until the stored positions of the dataset projection are the end offsets of every partition. */
    private static void awaitCaughtUp() throws Exception {
        Map<Integer, Long> ends = new TreeMap<>(ProjectorTestSupport.endOffsets(endpoints.kafkaBootstrapServers(), TOPIC));
        assertThat(ends.values()).as("every partition has events").allMatch(end -> end > 0);
        await().atMost(WAIT).pollInterval(POLL).untilAsserted(() -> assertThat(storedPositions()).isEqualTo(ends));
    }

    private static Map<Integer, Long> storedPositions() throws Exception {
        Map<Integer, Long> positions = new TreeMap<>();
        query("SELECT kafka_partition, next_offset FROM read_model.projection_position "
                + "WHERE projection = 'datasets' AND topic = '" + TOPIC + "'",
                row -> positions.put(row.getInt(1), row.getLong(2)));
        return positions;
    }

    private static void assertReadModelIsTheFold() throws Exception {
        Map<String, ExpectedDataset> actual = new HashMap<>();
        query("SELECT id, version, deleted, owner, description, status, last_event_id FROM read_model.dataset",
                row -> actual.put(row.getString(1), new ExpectedDataset(row.getString(1), row.getLong(2),
                        row.getBoolean(3), row.getString(4), row.getString(5), row.getString(6), row.getString(7))));
        assertThat(differences(lifecycles.expected(), actual)).as("read_model.dataset vs. the fold of %d events",
                lifecycles.eventCount()).isEmpty();

        List<HistoryEntry> history = new ArrayList<>();
        query("SELECT dataset_id, dataset_version, event_id FROM read_model.dataset_event",
                row -> history.add(new HistoryEntry(row.getString(1), row.getLong(2), row.getString(3))));
        assertThat(history).as("history rows").hasSize(lifecycles.eventCount()).doesNotHaveDuplicates();
        assertThat(new HashSet<>(history)).as("history: every published event").isEqualTo(lifecycles.history());
    }

    /** The index converges on the same fold: one document per live dataset, at its version; none for tombstones. */
    private static void assertSearchIndexIsTheFold() {
        Map<String, ExpectedDataset> expected = new HashMap<>();
        lifecycles.expected().values().stream().filter(d -> !d.deleted()).forEach(d -> expected.put(d.id(), d));
        await().atMost(WAIT).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            search("POST", "/datasets/_refresh", null);
            JsonNode hits = search("POST", "/datasets/_search", """
                    {"size": 10000, "version": true, "query": {"match_all": {}},
                     "_source": ["owner", "description", "status", "version"]}""").path("hits").path("hits");
            Map<String, ExpectedDataset> actual = new HashMap<>();
            for (JsonNode hit : hits) {
                JsonNode source = hit.path("_source");
                assertThat(hit.path("_version").asLong()).as("_version of %s", hit.path("_id").asText())
                        .isEqualTo(source.path("version").asLong());
                String id = hit.path("_id").asText();
                actual.put(id, new ExpectedDataset(id, source.path("version").asLong(), false,
                        source.path("owner").asText(), source.path("description").asText(),
                        source.path("status").asText(), expected.containsKey(id) ? expected.get(id).lastEventId() : null));
            }
            assertThat(differences(expected, actual)).as("search documents vs. the fold").isEmpty();
        });
    }

    /** Missing, unexpected and differing entries (the first 20), for a readable failure on thousands of rows. */
    private static List<String> differences(Map<String, ExpectedDataset> expected, Map<String, ExpectedDataset> actual) {
        List<String> differences = new ArrayList<>();
        new TreeMap<>(expected).forEach((id, want) -> {
            ExpectedDataset got = actual.get(id);
            if (!want.equals(got)) {
                differences.add("expected " + want + " but was " + got);
            }
        });
        actual.keySet().stream().filter(id -> !expected.containsKey(id)).sorted()
                .forEach(id -> differences.add("unexpected " + actual.get(id)));
        return differences.size() > 20 ? differences.subList(0, 20) : differences;
    }

    private interface RowReader {
        void read(ResultSet row) throws Exception;
    }

    private static void query(String sql, RowReader reader) throws Exception {
        try (Connection connection = DriverManager.getConnection(endpoints.postgresJdbcUrl(), endpoints.postgresUser(),
                endpoints.postgresPassword());
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                reader.read(rows);
            }
        }
    }

    private static JsonNode search(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoints.searchUrl() + path))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s %s: %s", method, path, response.body()).isBetween(200, 299);
        return JSON.readTree(response.body());
    }
}
