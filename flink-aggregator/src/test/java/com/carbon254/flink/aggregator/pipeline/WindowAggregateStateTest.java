package com.carbon254.flink.aggregator.pipeline;

import com.carbon254.flink.aggregator.ingestion.IngestionWindowAggregate;
import com.carbon254.flink.aggregator.quality.QualityWindowAggregate;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The window aggregates live in window state, so a checkpoint taken by an earlier version of the job must restore into
 * the current classes. The resources under {@code state/} were written by the job when each aggregate still declared
 * its first and last event time itself (before {@link WindowAggregate} held them): the serializer snapshot of each
 * aggregate and one serialized aggregate of two events.
 */
class WindowAggregateStateTest {

    private static final long T0 = Instant.parse("2030-01-01T00:00:00Z").toEpochMilli();

    @Test
    void anIngestionAggregateOfAnEarlierCheckpointRestoresAsItWas() throws IOException {
        IngestionWindowAggregate restored = restore(IngestionWindowAggregate.class, "ingestion-window-aggregate");
        assertThat(restored.getEventCount()).isEqualTo(2);
        assertThat(restored.getTotalRecordCount()).isEqualTo(15);
        assertThat(restored.getTotalSizeBytes()).isEqualTo(150);
        assertThat(restored.getSuccessCount()).isEqualTo(1);
        assertThat(restored.getFailureCount()).isEqualTo(1);
        assertThat(restored.getSources()).isEqualTo(Set.of("a", "b"));
        assertThat(restored.getFirstEventTime()).isEqualTo(T0 + 1_000);
        assertThat(restored.getLastEventTime()).isEqualTo(T0 + 3_000);
    }

    @Test
    void aQualityAggregateOfAnEarlierCheckpointRestoresAsItWas() throws IOException {
        QualityWindowAggregate restored = restore(QualityWindowAggregate.class, "quality-window-aggregate");
        assertThat(restored.getChecks()).isEqualTo(2);
        assertThat(restored.getPassed()).isEqualTo(1);
        assertThat(restored.getCriticalFailures()).isEqualTo(1);
        assertThat(restored.getFailedChecks()).isEqualTo(Set.of("amount_range"));
        assertThat(restored.getFirstEventTime()).isEqualTo(T0 + 2_000);
        assertThat(restored.getLastEventTime()).isEqualTo(T0 + 4_000);
    }

    /** Restores as Flink does: the old snapshot must be compatible as is with today's serializer, which reads the value. */
    private static <T> T restore(Class<T> type, String name) throws IOException {
        ClassLoader classLoader = WindowAggregateStateTest.class.getClassLoader();
        TypeSerializerSnapshot<T> previous = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(resource(name + ".snapshot")), classLoader);
        TypeSerializer<T> current = TypeInformation.of(type).createSerializer(new SerializerConfigImpl());

        TypeSerializerSchemaCompatibility<T> compatibility =
                current.snapshotConfiguration().resolveSchemaCompatibility(previous);
        assertThat(compatibility.isCompatibleAsIs()).as("compatibility of %s", name).isTrue();
        return current.deserialize(new DataInputDeserializer(resource(name + ".value")));
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = WindowAggregateStateTest.class.getResourceAsStream("/state/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }
}
