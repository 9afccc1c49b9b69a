package com.carbon254.flink.aggregator.pipeline;

import com.carbon254.flink.aggregator.AggregatorConfig;
import com.carbon254.flink.aggregator.Aggregations;
import com.carbon254.flink.aggregator.ingestion.IngestionObservation;
import com.carbon254.events.runtime.serde.RegistrySchemas;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link DropDuplicateEvents} in Flink's operator test harness (keyed state, event-time timers, watermarks as the
 * job's window operator sees them): 5-minute windows, 2 minutes of allowed lateness.
 */
class DropDuplicateEventsTest {

    static final long T0 = Instant.parse("2030-01-01T00:00:00Z").toEpochMilli();
    static final long MINUTE = 60_000;
    static final Duration WINDOW = Duration.ofMinutes(5);
    static final Duration LATENESS = Duration.ofMinutes(2);
    /** When the window [T0, T0 + 5 min) is closed for good: its last millisecond plus the allowed lateness. */
    static final long FIRST_WINDOW_CLOSES = T0 + 5 * MINUTE - 1 + 2 * MINUTE;

    private KeyedOneInputStreamOperatorTestHarness<String, IngestionObservation, IngestionObservation> harness;

    @BeforeEach
    void open() throws Exception {
        harness = harness();
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void aRedeliveryIsDroppedAndEventsWithOtherIdsPass() throws Exception {
        process(harness, "orders", "a", T0 + MINUTE);
        process(harness, "orders", "b", T0 + MINUTE); // the same content as "a", another event
        process(harness, "orders", "a", T0 + MINUTE);
        process(harness, "orders", "c", T0 + 6 * MINUTE);
        process(harness, "orders", "b", T0 + MINUTE);

        assertThat(ids(harness)).containsExactly("a", "b", "c");
    }

    @Test
    void idsAreKeptUntilTheWindowIsClosedForGoodThenForgotten() throws Exception {
        process(harness, "orders", "a", T0 + MINUTE);
        process(harness, "orders", "b", T0 + 6 * MINUTE);
        // The window fired long ago but still takes late events: a redelivery would still change it.
        harness.processWatermark(new Watermark(FIRST_WINDOW_CLOSES - 1));
        process(harness, "orders", "a", T0 + MINUTE);
        assertThat(ids(harness)).containsExactly("a", "b");
        assertThat(harness.numEventTimeTimers()).isEqualTo(2); // one per window of the dataset

        // The watermark the window operator drops the window at: the ids of that window are forgotten, and a
        // redelivery passes (on to the window operator, which dead-letters it as too late).
        harness.processWatermark(new Watermark(FIRST_WINDOW_CLOSES));
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
        process(harness, "orders", "a", T0 + MINUTE);
        process(harness, "orders", "b", T0 + 6 * MINUTE); // its window still open: still dropped
        assertThat(ids(harness)).containsExactly("a", "b", "a");
    }

    @Test
    void eachDatasetHasItsOwnIds() throws Exception {
        process(harness, "orders", "a", T0 + MINUTE);
        process(harness, "returns", "a", T0 + MINUTE);
        process(harness, "returns", "a", T0 + MINUTE);

        assertThat(harness.extractOutputValues()).extracting(ObservedEvent::getDatasetName)
                .containsExactly("orders", "returns");
    }

    @Test
    void theWindowCloseTimeIsTheWindowOperatorsCleanupTime() {
        DropDuplicateEvents<IngestionObservation> dedup = new DropDuplicateEvents<>(WINDOW, LATENESS);
        assertThat(dedup.windowClosesAt(T0)).isEqualTo(FIRST_WINDOW_CLOSES);
        assertThat(dedup.windowClosesAt(T0 + 5 * MINUTE - 1)).isEqualTo(FIRST_WINDOW_CLOSES);
        assertThat(dedup.windowClosesAt(T0 + 5 * MINUTE)).isEqualTo(FIRST_WINDOW_CLOSES + 5 * MINUTE);
        assertThat(new DropDuplicateEvents<>(WINDOW, Duration.ofMillis(Long.MAX_VALUE - 1000))
                .windowClosesAt(T0)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void theDeduplicationIsChainedToTheWindowsWithoutAnotherShuffle() throws Exception {
        AggregatorConfig config = AggregatorConfig.fromArgs(new String[] {"--pipelines", "ingestion"});
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config.flinkConfiguration());
        var ingestion = Aggregations.ingestion();
        ingestion.addTo(env, config, ingestion.source(config, RegistrySchemas.at(config.registryUrl())), 1).sinkTo(new DiscardingSink<>());

        JobGraph graph = env.getStreamGraph().getJobGraph();
        List<String> vertices = StreamSupport.stream(graph.getVertices().spliterator(), false)
                .map(JobVertex::getName).toList();
        assertThat(vertices).filteredOn(name -> name.contains("ingestion drop duplicates")).singleElement()
                .asString().contains("ingestion windows");
    }

    static KeyedOneInputStreamOperatorTestHarness<String, IngestionObservation, IngestionObservation> harness()
            throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new DropDuplicateEvents<>(WINDOW, LATENESS)),
                ObservedEvent::getDatasetName, Types.STRING);
    }

    static void process(KeyedOneInputStreamOperatorTestHarness<String, IngestionObservation, IngestionObservation>
            harness, String dataset, String eventId, long eventTime) throws Exception {
        IngestionObservation observation = new IngestionObservation();
        observation.setDatasetName(dataset);
        observation.setEventId(eventId);
        observation.setEventTime(eventTime);
        harness.processElement(new StreamRecord<>(observation, eventTime));
    }

    static List<String> ids(KeyedOneInputStreamOperatorTestHarness<String, IngestionObservation, IngestionObservation>
            harness) {
        return harness.extractOutputValues().stream().map(ObservedEvent::getEventId).toList();
    }
}
