package com.carbon254.flink.aggregator.quality;

import com.carbon254.events.data.DataQualityAggregatedEvent;
import com.carbon254.events.data.DataQualityEvent;
import com.carbon254.events.data.QualitySeverity;
import com.carbon254.flink.aggregator.support.Events;
import com.carbon254.flink.aggregator.pipeline.WindowAggregateFunction;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class QualityAggregationTest {

    private static final long T0 = Instant.parse("2030-01-01T00:00:00Z").toEpochMilli();

    private final WindowAggregateFunction<QualityObservation, QualityWindowAggregate> function =
            new WindowAggregateFunction<>(QualityWindowAggregate::new);
    private final QualityWindowFunction results = new QualityWindowFunction();

    private static QualityObservation record(DataQualityEvent event) {
        return QualityObservation.of(event);
    }

    @Test
    void passRateFailedChecksAndCriticalFailures() {
        QualityWindowAggregate acc = function.createAccumulator();
        acc = function.add(record(Events.quality("orders", T0 + 2_000, "id_not_null", true, QualitySeverity.CRITICAL)), acc);
        acc = function.add(record(Events.quality("orders", T0 + 1_000, "ts_fresh", false, QualitySeverity.WARNING)), acc);
        acc = function.add(record(Events.quality("orders", T0 + 3_000, "amount_range", false, QualitySeverity.CRITICAL)), acc);
        acc = function.add(record(Events.quality("orders", T0 + 4_000, "amount_range", false, QualitySeverity.CRITICAL)), acc);

        DataQualityAggregatedEvent event = results.result("orders", T0, T0 + 300_000,
                function.getResult(acc), 0, T0 + 301_000);
        assertThat(event.getChecks()).isEqualTo(4);
        assertThat(event.getPassed()).isEqualTo(1);
        assertThat(event.getFailed()).isEqualTo(3);
        assertThat(event.getPassRate()).isEqualTo(0.25);
        assertThat(event.getCriticalFailures()).isEqualTo(2);
        assertThat(event.getFailedChecks()).isEqualTo(List.of("amount_range", "ts_fresh"));
        assertThat(event.getFirstEventTime()).isEqualTo(Instant.ofEpochMilli(T0 + 1_000));
        assertThat(event.getLastEventTime()).isEqualTo(Instant.ofEpochMilli(T0 + 4_000));
        assertThat(event.getEventType()).isEqualTo("DataQualityAggregated");
        assertThat(event.getSource()).isEqualTo("flink-aggregator");
        assertThat(event.getVersion()).isEqualTo("1");
        assertThat(event.getLate()).isFalse();
        assertThat(event.getUpdateSequence()).isZero();
    }

    @Test
    void mergeCombinesFailedChecksAndCounts() {
        QualityWindowAggregate a = new QualityWindowAggregate()
                .add(Events.quality("orders", T0 + 1_000, "x", false, QualitySeverity.ERROR));
        QualityWindowAggregate b = new QualityWindowAggregate()
                .add(Events.quality("orders", T0 + 2_000, "y", false, QualitySeverity.CRITICAL))
                .add(Events.quality("orders", T0 + 3_000, "z", true, QualitySeverity.INFO));
        QualityWindowAggregate merged = function.merge(a, b);
        assertThat(merged.getChecks()).isEqualTo(3);
        assertThat(merged.getPassed()).isEqualTo(1);
        assertThat(merged.getCriticalFailures()).isEqualTo(1);
        assertThat(merged.getFailedChecks()).containsExactlyInAnyOrder("x", "y");
        assertThat(merged.passRate()).isEqualTo(1.0 / 3);
    }

    @Test
    void observationsRoundTripThroughTheirSerializer() throws Exception {
        QualityObservation observation = QualityObservation.of(Events.quality("orders", T0, "x", false,
                QualitySeverity.CRITICAL));
        org.apache.flink.api.common.typeutils.TypeSerializer<QualityObservation> serializer =
                org.apache.flink.api.common.typeinfo.TypeInformation.of(QualityObservation.class)
                        .createSerializer(new org.apache.flink.api.common.serialization.SerializerConfigImpl());
        org.apache.flink.core.memory.DataOutputSerializer out = new org.apache.flink.core.memory.DataOutputSerializer(64);
        serializer.serialize(observation, out);
        QualityObservation read = serializer.deserialize(
                new org.apache.flink.core.memory.DataInputDeserializer(out.getCopyOfBuffer()));
        assertThat(read).usingRecursiveComparison().isEqualTo(observation);
        assertThat(read.getEventId()).isNotNull().isEqualTo(observation.getEventId());
        assertThat(read.isCritical()).isTrue();
        assertThat(read.isPassed()).isFalse();
    }

    @Test
    void idsDifferFromTheIngestionResultsOfTheSameWindow() {
        QualityWindowAggregate acc = new QualityWindowAggregate()
                .add(Events.quality("orders", T0, "x", true, QualitySeverity.INFO));
        String quality = results.result("orders", T0, T0 + 1, acc, 0, 0).getEventId();
        String ingestion = com.carbon254.flink.aggregator.pipeline.SequencedWindowFunction
                .resultId("DataIngestionAggregated", "orders", T0, 0);
        assertThat(quality).isNotEqualTo(ingestion);
    }
}
