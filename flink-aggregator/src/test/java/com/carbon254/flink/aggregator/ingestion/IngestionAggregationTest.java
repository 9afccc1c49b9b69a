package com.carbon254.flink.aggregator.ingestion;

import com.carbon254.events.data.DataIngestionAggregatedEvent;
import com.carbon254.events.data.DataIngestionEvent;
import com.carbon254.events.data.Status;
import com.carbon254.flink.aggregator.pipeline.SourceRecord;
import com.carbon254.flink.aggregator.support.Events;
import com.carbon254.flink.aggregator.pipeline.ObservationTypeInfo;
import com.carbon254.flink.aggregator.pipeline.WindowAggregateFunction;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class IngestionAggregationTest {

    private static final long T0 = Instant.parse("2030-01-01T00:00:00Z").toEpochMilli();

    private final WindowAggregateFunction<IngestionObservation, IngestionWindowAggregate> function =
            new WindowAggregateFunction<>(IngestionWindowAggregate::new);
    private final IngestionWindowFunction results = new IngestionWindowFunction();

    private static IngestionObservation record(DataIngestionEvent event) {
        return IngestionObservation.of(event);
    }

    @Test
    void countsSumsStatusesTimeRangeAndDistinctSources() {
        IngestionWindowAggregate acc = function.createAccumulator();
        acc = function.add(record(Events.ingestion("orders", T0 + 3_000, 10, 100, Status.SUCCESS, "a")), acc);
        acc = function.add(record(Events.ingestion("orders", T0 + 1_000, 5, 50, Status.FAILURE, "b")), acc);
        acc = function.add(record(Events.ingestion("orders", T0 + 2_000, 7, 70, Status.PARTIAL, "a")), acc);
        acc = function.add(record(Events.ingestion("orders", T0 + 4_000, 1, 10, Status.SUCCESS, "c")), acc);

        IngestionWindowAggregate result = function.getResult(acc);
        assertThat(result.getEventCount()).isEqualTo(4);
        assertThat(result.getTotalRecordCount()).isEqualTo(23);
        assertThat(result.getTotalSizeBytes()).isEqualTo(230);
        assertThat(result.getSuccessCount()).isEqualTo(2);
        assertThat(result.getFailureCount()).isEqualTo(1);
        assertThat(result.getPartialCount()).isEqualTo(1);
        assertThat(result.getFirstEventTime()).isEqualTo(T0 + 1_000);
        assertThat(result.getLastEventTime()).isEqualTo(T0 + 4_000);
        assertThat(result.distinctSources()).isEqualTo(3);
    }

    @Test
    void mergeIsTheSameAsAddingEverythingToOne() {
        IngestionWindowAggregate left = function.createAccumulator();
        left = function.add(record(Events.ingestion("orders", T0 + 5_000, 1, 2, Status.SUCCESS, "a")), left);
        IngestionWindowAggregate right = function.createAccumulator();
        right = function.add(record(Events.ingestion("orders", T0 + 1_000, 3, 4, Status.FAILURE, "a")), right);
        right = function.add(record(Events.ingestion("orders", T0 + 9_000, 5, 6, Status.PARTIAL, "b")), right);

        IngestionWindowAggregate merged = function.merge(left, right);
        assertThat(merged.getEventCount()).isEqualTo(3);
        assertThat(merged.getTotalRecordCount()).isEqualTo(9);
        assertThat(merged.getTotalSizeBytes()).isEqualTo(12);
        assertThat(merged.getSuccessCount()).isEqualTo(1);
        assertThat(merged.getFailureCount()).isEqualTo(1);
        assertThat(merged.getPartialCount()).isEqualTo(1);
        assertThat(merged.getFirstEventTime()).isEqualTo(T0 + 1_000);
        assertThat(merged.getLastEventTime()).isEqualTo(T0 + 9_000);
        assertThat(merged.distinctSources()).isEqualTo(2);
    }

    @Test
    void resultEventFillsEveryFieldAndHasADeterministicId() {
        IngestionWindowAggregate acc = new IngestionWindowAggregate()
                .add(Events.ingestion("orders", T0 + 1_000, 10, 100, Status.SUCCESS, "a"))
                .add(Events.ingestion("orders", T0 + 2_000, 20, 200, Status.FAILURE, "b"));
        long end = T0 + 300_000;

        DataIngestionAggregatedEvent first = results.result("orders", T0, end, acc, 0, T0 + 400_000);
        assertThat(first.getEventType()).isEqualTo("DataIngestionAggregated");
        assertThat(first.getSource()).isEqualTo("flink-aggregator");
        assertThat(first.getVersion()).isEqualTo("1");
        assertThat(first.getTimestamp()).isEqualTo(Instant.ofEpochMilli(T0 + 400_000));
        assertThat(first.getCorrelationId()).isNull();
        assertThat(first.getCausationId()).isNull();
        assertThat(first.getWindowStart()).isEqualTo(Instant.ofEpochMilli(T0));
        assertThat(first.getWindowEnd()).isEqualTo(Instant.ofEpochMilli(end));
        assertThat(first.getDatasetName()).isEqualTo("orders");
        assertThat(first.getEventCount()).isEqualTo(2);
        assertThat(first.getTotalRecordCount()).isEqualTo(30);
        assertThat(first.getTotalSizeBytes()).isEqualTo(300);
        assertThat(first.getSuccessCount()).isEqualTo(1);
        assertThat(first.getFailureCount()).isEqualTo(1);
        assertThat(first.getPartialCount()).isZero();
        assertThat(first.getFirstEventTime()).isEqualTo(Instant.ofEpochMilli(T0 + 1_000));
        assertThat(first.getLastEventTime()).isEqualTo(Instant.ofEpochMilli(T0 + 2_000));
        assertThat(first.getDistinctSources()).isEqualTo(2);
        assertThat(first.getLate()).isFalse();
        assertThat(first.getUpdateSequence()).isZero();

        // A replay emits the same id (whenever it happens); a late update has the next sequence and its own id.
        DataIngestionAggregatedEvent replayed = results.result("orders", T0, end, acc, 0, T0 + 999_999);
        DataIngestionAggregatedEvent update = results.result("orders", T0, end, acc, 1, T0 + 500_000);
        assertThat(replayed.getEventId()).isEqualTo(first.getEventId());
        assertThat(update.getEventId()).isNotEqualTo(first.getEventId());
        assertThat(update.getLate()).isTrue();
        assertThat(update.getUpdateSequence()).isEqualTo(1);
        assertThat(results.result("customers", T0, end, acc, 0, 0).getEventId())
                .isNotEqualTo(first.getEventId());
        assertThat(java.util.UUID.fromString(first.getEventId())).isNotNull();
    }

    @Test
    void theObservationCarriesItsOriginForDeadLetters() {
        SourceRecord<DataIngestionEvent> read = new SourceRecord<>("data-ingestion", 7, 42, 99, "k".getBytes(),
                "v".getBytes());
        DataIngestionEvent event = Events.ingestion("orders", T0 + 5, 3, 4, Status.PARTIAL, "a");
        IngestionObservation observation = IngestionObservation.of(event);
        observation.setOrigin(read);
        assertThat(observation.getEventId()).isEqualTo(event.getEventId());
        assertThat(observation.getDatasetName()).isEqualTo("orders");
        assertThat(observation.getEventTime()).isEqualTo(T0 + 5);
        assertThat(observation.getPartition()).isEqualTo(7);
        assertThat(observation.getOffset()).isEqualTo(42);
        assertThat(observation.getTopic()).isEqualTo("data-ingestion");
        assertThat(observation.getTimestamp()).isEqualTo(99);
        assertThat(observation.getKey()).isEqualTo("k".getBytes());
        assertThat(observation.getValue()).isEqualTo("v".getBytes());
    }

    @Test
    void observationsCrossTheNetworkWithTheirOwnSerializer() throws Exception {
        TypeInformation<IngestionObservation> type = TypeInformation.of(IngestionObservation.class);
        assertThat(type).isInstanceOf(ObservationTypeInfo.class);
        TypeSerializer<IngestionObservation> serializer = type.createSerializer(new SerializerConfigImpl());
        IngestionObservation observation = IngestionObservation.of(Events.ingestion("orders", T0 + 5, 3, 4,
                Status.PARTIAL, "a"));
        observation.setOrigin(new SourceRecord<>("data-ingestion", 7, 42, 99, null, new byte[] {0, 1, 2}));
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(observation, out);
        IngestionObservation read = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        assertThat(read).usingRecursiveComparison().isEqualTo(observation);
        assertThat(serializer.copy(observation)).usingRecursiveComparison().isEqualTo(observation);
        assertThat(serializer.snapshotConfiguration().restoreSerializer()).isInstanceOf(
                IngestionObservationSerializer.class);
    }

    @Test
    void theAggregateIsAFlinkPojoWithoutKryo() {
        TypeInformation<IngestionWindowAggregate> type = TypeInformation.of(IngestionWindowAggregate.class);
        assertThat(type).isInstanceOf(PojoTypeInfo.class);
        assertThat(((PojoTypeInfo<?>) type).getTypeAt("sources").isBasicType()).isFalse();
        assertThat(((PojoTypeInfo<?>) type).getTypeAt("sources").getClass().getSimpleName())
                .isEqualTo("NullableSetTypeInfo");
        // The time range is declared by the shared base class and must still be part of the POJO (and its state).
        assertThat(((PojoTypeInfo<?>) type).getFieldNames()).contains("firstEventTime", "lastEventTime");
    }
}
