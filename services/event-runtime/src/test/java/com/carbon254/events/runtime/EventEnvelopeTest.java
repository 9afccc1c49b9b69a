package com.carbon254.events.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.carbon254.events.data.DataIngestionEvent;
import com.carbon254.events.data.Status;

class EventEnvelopeTest {

    private static DataIngestionEvent bareIngestion() {
        DataIngestionEvent event = new DataIngestionEvent();
        event.setDatasetName("sales.orders");
        event.setRecordCount(10L);
        event.setSizeBytes(100L);
        event.setFormat("parquet");
        event.setLocation("s3://lake/sales");
        event.setStatus(Status.SUCCESS);
        event.setMetadata(Map.of());
        return event;
    }

    @Test
    void fillsEveryMissingEnvelopeField() {
        long before = System.currentTimeMillis();
        DataIngestionEvent event = EventEnvelope.complete(bareIngestion(), "ingestion-service",
                new EventContext("corr-1", "cause-1"));

        assertThat(UUID.fromString(event.getEventId()).version()).isEqualTo(7);
        assertThat(event.getEventType()).isEqualTo("DataIngestion");
        assertThat(event.getTimestamp()).isBetween(Instant.ofEpochMilli(before), Instant.now());
        assertThat(event.getTimestamp().getNano() % 1_000_000).as("millisecond precision, as stored").isZero();
        assertThat(event.getSource()).isEqualTo("ingestion-service");
        assertThat(event.getVersion()).isEqualTo("1");
        assertThat(event.getCorrelationId()).isEqualTo("corr-1");
        assertThat(event.getCausationId()).isEqualTo("cause-1");
        assertThat(EventEnvelope.missingFields(event)).isEmpty();
    }

    @Test
    void keepsWhatTheEventAlreadyCarries() {
        DataIngestionEvent event = bareIngestion();
        Instant when = Instant.parse("2025-10-22T12:00:00Z");
        event.setEventId("client-id-7");
        event.setTimestamp(when);
        event.setSource("spark-job");
        event.setCorrelationId("own-flow");

        EventEnvelope.complete(event, "gateway", new EventContext("header-flow", "header-cause"));

        assertThat(event.getEventId()).isEqualTo("client-id-7");
        assertThat(event.getTimestamp()).isEqualTo(when);
        assertThat(event.getSource()).isEqualTo("spark-job");
        assertThat(event.getCorrelationId()).isEqualTo("own-flow");
        assertThat(event.getCausationId()).as("absent, so taken from the context").isEqualTo("header-cause");
    }

    @Test
    void refusesAnotherTypesNameAndAMissingSource() {
        DataIngestionEvent wrongType = bareIngestion();
        wrongType.setEventType("DataQuality");
        assertThatThrownBy(() -> EventEnvelope.complete(wrongType, "svc", EventContext.none()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DataQuality");

        assertThatThrownBy(() -> EventEnvelope.complete(bareIngestion(), null, EventContext.none()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no source");
    }

    @Test
    void newEventIdsAreVersion7UuidsThatSortByCreationTime() {
        long before = System.currentTimeMillis();
        List<String> ids = IntStream.range(0, 1000).mapToObj(i -> EventEnvelope.newEventId()).toList();
        UUID first = UUID.fromString(ids.get(0));
        assertThat(first.version()).isEqualTo(7);
        assertThat(first.variant()).isEqualTo(2);
        assertThat(first.getMostSignificantBits() >>> 16).as("creation millisecond").isBetween(before, System.currentTimeMillis());
        assertThat(new HashSet<>(ids)).hasSize(1000);
        String later = EventEnvelope.newEventId();
        assertThat(later.substring(0, 13)).isGreaterThanOrEqualTo(ids.get(0).substring(0, 13));
    }

    @Test
    void aCausedEventJoinsItsCausesFlow() {
        DataIngestionEvent cause = EventEnvelope.complete(bareIngestion(), "svc", EventContext.none());
        EventContext context = EventContext.causedBy(cause);
        assertThat(context.correlationId()).as("the cause starts the flow").isEqualTo(cause.getEventId());
        assertThat(context.causationId()).isEqualTo(cause.getEventId());

        DataIngestionEvent effect = EventEnvelope.complete(bareIngestion(), "svc", context);
        assertThat(EventContext.causedBy(effect).correlationId()).isEqualTo(cause.getEventId());
        assertThat(EventContext.causedBy(effect).causationId()).isEqualTo(effect.getEventId());
    }
}
