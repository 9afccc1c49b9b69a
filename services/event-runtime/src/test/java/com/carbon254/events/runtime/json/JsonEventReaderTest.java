package com.carbon254.events.runtime.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

import com.carbon254.events.catalog.EventType;
import com.carbon254.events.catalog.TopicCatalog;
import com.carbon254.events.common.DatasetStatus;
import com.carbon254.events.data.DataIngestionEvent;
import com.carbon254.events.data.DatasetCreatedEvent;
import com.carbon254.events.data.DatasetDeletedEvent;
import com.carbon254.events.data.Status;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class JsonEventReaderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static final String INGESTION = """
            {'eventId': '00000000-0000-4000-8000-000000000001', 'timestamp': 1700000000000, 'source': 'spark', 'datasetName': 'sales.orders',
             'recordCount': 42, 'sizeBytes': 4096, 'format': 'parquet', 'location': 's3://lake/o',
             'status': 'PARTIAL', 'metadata': {'batch': 'b-1'}}""";

    @Test
    void readsNaturalJsonIntoTheGeneratedRecord() {
        DataIngestionEvent event = (DataIngestionEvent) JsonEventReader.forConsumption()
                .read(EventType.DATA_INGESTION, json(INGESTION));

        assertThat(event.getEventId()).isEqualTo("00000000-0000-4000-8000-000000000001");
        assertThat(event.getTimestamp()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_000L));
        assertThat(event.getStatus()).isEqualTo(Status.PARTIAL);
        assertThat(event.getMetadata()).isEqualTo(Map.of("batch", "b-1"));
        assertThat(event.getRecordCount()).isEqualTo(42L);
        assertThat(event.getEventType()).as("schema default").isEqualTo("DataIngestion");
        assertThat(event.getVersion()).as("schema default").isEqualTo("1");
        assertThat(event.getCorrelationId()).isNull();
    }

    @Test
    void acceptsIsoInstantsWithOrWithoutOffset() {
        JsonEventReader reader = JsonEventReader.forConsumption();
        String utc = INGESTION.replace("1700000000000", "'2023-11-14T22:13:20.123456Z'");
        String offset = INGESTION.replace("1700000000000", "'2023-11-15T00:13:20+02:00'");
        assertThat(((DataIngestionEvent) reader.read(EventType.DATA_INGESTION, json(utc))).getTimestamp())
                .as("truncated to the milliseconds the schema stores")
                .isEqualTo(Instant.parse("2023-11-14T22:13:20.123Z"));
        assertThat(((DataIngestionEvent) reader.read(EventType.DATA_INGESTION, json(offset))).getTimestamp())
                .isEqualTo(Instant.parse("2023-11-14T22:13:20Z"));
    }

    @Test
    void reportsEveryViolationWithItsPath() {
        String broken = """
                {'source': 'spark', 'datasetName': 7, 'recordCount': 'many', 'sizeBytes': 1.5, 'format': 'parquet',
                 'status': 'DONE', 'metadata': {'ok': 'yes', 'bad': 3}, 'timestamp': 'yesterday', 'recordcount': 1}""";
        EventValidationException failure = catchThrowableOfType(EventValidationException.class,
                () -> JsonEventReader.forIngestion().read(EventType.DATA_INGESTION, json(broken)));

        assertThat(failure.violations()).containsExactlyInAnyOrder(
                new FieldViolation("timestamp", "'yesterday' is not an ISO-8601 instant (e.g. 2025-10-22T12:00:00Z)"),
                new FieldViolation("datasetName", "expected a string, got the number 7"),
                new FieldViolation("recordCount", "expected a whole number (64-bit), got the string 'many'"),
                new FieldViolation("sizeBytes", "expected a whole number (64-bit), got the number 1.5"),
                new FieldViolation("location", "required field is missing"),
                new FieldViolation("status", "unknown symbol 'DONE'; allowed: SUCCESS, FAILURE, PARTIAL"),
                new FieldViolation("metadata.bad", "expected a string, got the number 3"),
                new FieldViolation("recordcount", "unknown field; did you mean 'recordCount'?"));
        assertThat(failure).hasMessageStartingWith("Invalid DataIngestion event (8 violations): ");
    }

    @Test
    void ingestionLeavesIdAndTimeToTheGatewayButConsumptionRequiresThem() {
        String withoutIdAndTime = INGESTION.replace("'eventId': '00000000-0000-4000-8000-000000000001', 'timestamp': 1700000000000, ", "");
        SpecificRecord draft = JsonEventReader.forIngestion().read(EventType.DATA_INGESTION, json(withoutIdAndTime));
        assertThat(((DataIngestionEvent) draft).getEventId()).isNull();

        assertThatThrownBy(() -> JsonEventReader.forConsumption().read(EventType.DATA_INGESTION, json(withoutIdAndTime)))
                .isInstanceOfSatisfying(EventValidationException.class, e -> assertThat(e.violations()).containsExactly(
                        new FieldViolation("eventId", "required field is missing"),
                        new FieldViolation("timestamp", "required field is missing")));
    }

    @Test
    void aBatchIsValidatedWholeWithIndexedPaths() {
        String batch = "[" + INGESTION + ", " + withId(INGESTION.replace("'PARTIAL'", "null"), 'b') + ", 5, "
                + withId(INGESTION.replace("'source': 'spark'", "'source': ' '"), 'c') + "]";
        EventValidationException failure = catchThrowableOfType(EventValidationException.class,
                () -> JsonEventReader.forIngestion().readAll(EventType.DATA_INGESTION, json(batch)));
        assertThat(failure.violations()).containsExactly(
                new FieldViolation("[1].status", "expected one of SUCCESS, FAILURE, PARTIAL, got null"),
                new FieldViolation("[2]", "expected a JSON object with the fields of a DataIngestion event, got the number 5"),
                new FieldViolation("[3].source", "must not be blank"));

        assertThat(JsonEventReader.forIngestion().readAll(EventType.DATA_INGESTION, json("[" + INGESTION + "]")))
                .hasSize(1);
    }

    @Test
    void readsNestedRecordsArraysAndNullableFields() {
        String created = """
                {'eventId': '00000000-0000-4000-8000-000000000002', 'timestamp': '2025-10-22T12:00:00Z', 'source': 'svc', 'datasetId': 'ds-1',
                 'datasetVersion': 1, 'name': 'sales.orders', 'description': null, 'owner': 'team',
                 'format': 'iceberg', 'location': 'lake.sales', 'tags': ['pii'], 'status': 'ACTIVE', 'createdBy': 'al',
                 'columns': [{'name': 'id', 'type': 'bigint', 'nullable': false}, {'name': 'amount', 'type': 'decimal'}]}""";
        DatasetCreatedEvent event = (DatasetCreatedEvent) JsonEventReader.forIngestion()
                .read(EventType.DATASET_CREATED, json(created));
        assertThat(event.getColumns()).hasSize(2);
        assertThat(event.getColumns().get(0).getNullable()).isFalse();
        assertThat(event.getColumns().get(1).getNullable()).as("schema default").isTrue();
        assertThat(event.getColumns().get(1).getDescription()).isNull();
        assertThat(event.getTags()).containsExactly("pii");
        assertThat(event.getStatus()).isEqualTo(DatasetStatus.ACTIVE);

        String brokenColumn = created.replace("'type': 'decimal'", "'typ': 'decimal'");
        assertThatThrownBy(() -> JsonEventReader.forIngestion().read(EventType.DATASET_CREATED, json(brokenColumn)))
                .isInstanceOfSatisfying(EventValidationException.class, e -> assertThat(e.violations()).containsExactly(
                        new FieldViolation("columns[1].type", "required field is missing"),
                        new FieldViolation("columns[1].typ", "unknown field")));
    }

    @Test
    void consumptionToleratesWhatANewerProducerMayAdd() {
        String newer = INGESTION.replace("'status': 'PARTIAL'", "'status': 'PARTIAL', 'pipeline': 'p-9'");
        assertThat(JsonEventReader.forConsumption().read(EventType.DATA_INGESTION, json(newer))).isNotNull();

        String created = """
                {'eventId': '00000000-0000-4000-8000-000000000003', 'timestamp': 1, 'source': 's', 'datasetId': 'd', 'datasetVersion': 1, 'name': 'n',
                 'owner': 'o', 'format': 'f', 'location': 'l', 'status': 'QUARANTINED', 'createdBy': 'c'}""";
        DatasetCreatedEvent event = (DatasetCreatedEvent) JsonEventReader.forConsumption()
                .read(EventType.DATASET_CREATED, json(created));
        assertThat(event.getStatus()).as("the enum's default").isEqualTo(DatasetStatus.UNKNOWN);
        assertThatThrownBy(() -> JsonEventReader.forIngestion().read(EventType.DATASET_CREATED, json(created)))
                .hasMessageContaining("unknown symbol 'QUARANTINED'; allowed: ACTIVE, DEPRECATED, ARCHIVED, UNKNOWN");
    }

    @Test
    void onAMultiTypeTopicTheEventNamesItsType() {
        String deleted = """
                {'eventType': 'DatasetDeleted', 'eventId': '00000000-0000-4000-8000-000000000004', 'timestamp': 1, 'source': 's', 'datasetId': 'd',
                 'datasetVersion': 3, 'name': 'n', 'deletedBy': 'bob'}""";
        JsonEventReader reader = JsonEventReader.forConsumption();
        assertThat(reader.read(TopicCatalog.DATA_EVENTS, json(deleted), JsonEventReader.Hints.NONE)).isInstanceOf(DatasetDeletedEvent.class);
        assertThat(reader.read(TopicCatalog.DATA_EVENTS, json(deleted.replace("'eventType': 'DatasetDeleted', ", "")),
                new JsonEventReader.Hints("DatasetDeleted", null))).as("type from the header").isInstanceOf(DatasetDeletedEvent.class);

        assertThatThrownBy(() -> reader.read(TopicCatalog.DATA_EVENTS, json(deleted.replace("DatasetDeleted", "DataQuality")), JsonEventReader.Hints.NONE))
                .isInstanceOfSatisfying(EventValidationException.class, e -> assertThat(e.violations()).containsExactly(
                        new FieldViolation("eventType", "unknown event type 'DataQuality' on data-events; "
                                + "expected one of DatasetCreated, DatasetUpdated, DatasetDeleted")));
        assertThatThrownBy(() -> reader.read(TopicCatalog.DATA_EVENTS, json("{}"), JsonEventReader.Hints.NONE))
                .hasMessageContaining("eventType: required on data-events");
    }

    @Test
    void aTypeMismatchIsNamed() {
        String mislabelled = INGESTION.replace("{", "{'eventType': 'DataQuality', ");
        assertThatThrownBy(() -> JsonEventReader.forIngestion().read(EventType.DATA_INGESTION, json(mislabelled)))
                .isInstanceOfSatisfying(EventValidationException.class, e -> assertThat(e.violations())
                        .containsExactly(new FieldViolation("eventType", "is 'DataQuality' but this is a DataIngestion event")));
        assertThat(List.of(JsonEventReader.forIngestion().read(EventType.DATA_INGESTION,
                json(INGESTION.replace("{", "{'eventType': 'DataIngestion', "))))).hasSize(1);
    }

    /** The event with another eventId (events of one batch have their own). */
    private static String withId(String event, char last) {
        return event.replaceFirst("'eventId': '([0-9a-f-]{35})[0-9a-f]'", "'eventId': '$1" + last + "'");
    }

    private static byte[] bytes(String text) {
        return text.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
    }

    private static final String CREATED = """
            {'eventId': '00000000-0000-4000-8000-000000000002', 'timestamp': '2025-10-22T12:00:00.123456Z', 'source': 'svc', 'datasetId': 'ds-1',
             'datasetVersion': 1, 'name': 'sales.orders', 'description': null, 'owner': 'team',
             'format': 'iceberg', 'location': 'lake.sales', 'tags': ['pii', 'gold'], 'status': 'ACTIVE',
             'createdBy': 'al', 'eventType': 'DatasetCreated',
             'columns': [{'name': 'id', 'type': 'bigint', 'nullable': false}, {'name': 'amount', 'type': 'decimal'}]}""";

    @Test
    void aValidBatchReadStraightFromItsBytesEqualsTheTreeReading() {
        JsonEventReader reader = JsonEventReader.forIngestion();
        String ingestions = "[" + INGESTION + ", " + INGESTION.replace("'eventId': '00000000-0000-4000-8000-000000000001', 'timestamp': 1700000000000, ", "")
                + ", " + INGESTION.replace("1700000000000", "'2023-11-15T00:13:20+02:00'").replace("'00000000-0000-4000-8000-000000000001'", "null") + "]";
        assertThat(reader.readValidBatch(EventType.DATA_INGESTION, bytes(ingestions), 10))
                .contains(reader.readAll(EventType.DATA_INGESTION, json(ingestions)));

        String created = "[" + CREATED + ", " + withId(CREATED.replace("'description': null", "'description': 'orders'"), 'd')
                + "]";
        Optional<List<SpecificRecord>> streamed = reader.readValidBatch(EventType.DATASET_CREATED, bytes(created), 10);
        assertThat(streamed).contains(reader.readAll(EventType.DATASET_CREATED, json(created)));
        DatasetCreatedEvent first = (DatasetCreatedEvent) streamed.orElseThrow().get(0);
        assertThat(first.getColumns().get(1).getNullable()).as("schema default").isTrue();
        assertThat(first.getTimestamp()).isEqualTo(Instant.parse("2025-10-22T12:00:00.123Z"));
    }

    @Test
    void whatIsNotAPlainValidBatchIsLeftToTheTreeReaderWhichExplainsIt() {
        JsonEventReader reader = JsonEventReader.forIngestion();
        List<String> refused = List.of(
                INGESTION,                                                         // not an array
                "[]",                                                              // no event
                "[" + INGESTION + ", " + INGESTION + ", " + INGESTION + "]",       // more than 2
                "[" + INGESTION + ", 5]",                                          // not an object
                "[" + INGESTION.replace("'sales.orders'", "7") + "]",              // wrong type
                "[" + INGESTION.replace("42", "'many'") + "]",
                "[" + INGESTION.replace("4096", "1.5") + "]",
                "[" + INGESTION.replace("4096", "99999999999999999999") + "]",     // beyond 64 bits
                "[" + INGESTION.replace("'PARTIAL'", "'DONE'") + "]",              // unknown symbol
                "[" + INGESTION.replace("'PARTIAL'", "null") + "]",                // null for a non-null field
                "[" + INGESTION.replace("'b-1'", "3") + "]",                       // wrong map value
                "[" + INGESTION.replace("1700000000000", "'yesterday'") + "]",     // not an instant
                "[" + INGESTION.replace("'format': 'parquet', ", "") + "]",         // missing field
                "[" + INGESTION.replace("'spark'", "' '") + "]",                   // blank source
                "[" + INGESTION.replace("'format'", "'formt'") + "]",              // unknown field
                "[" + INGESTION.replace("{", "{'eventType': 'DataQuality', ") + "]",
                "[" + INGESTION.replace("{", "{'recordCount': 1, ") + "]",         // duplicate field
                "[" + INGESTION + ", {]",                                          // malformed JSON
                "[" + CREATED.replace("'type': 'decimal'", "'typ': 'decimal'") + "]");
        for (String batch : refused) {
            EventType type = batch.contains("datasetId") ? EventType.DATASET_CREATED : EventType.DATA_INGESTION;
            assertThat(reader.readValidBatch(type, bytes(batch), 2)).as(batch).isEmpty();
        }
        assertThat(reader.readValidBatch(EventType.DATA_INGESTION,
                bytes("[" + INGESTION.replace("'recordCount': 42, ", "") + "]"), 2))
                .as("a missing field without default").isEmpty();
    }
}
