package com.carbon254.dataset.command.rest;

import static com.carbon254.dataset.command.Datasets.body;
import static com.carbon254.dataset.command.Datasets.created;
import static com.carbon254.dataset.command.Datasets.uniqueName;
import static com.carbon254.dataset.command.Datasets.update;
import static com.carbon254.dataset.command.Datasets.with;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.carbon254.api.runtime.security.Roles;
import com.carbon254.dataset.command.DataEventsTopic;
import com.carbon254.dataset.command.Datasets;
import com.carbon254.dataset.command.OutboxRows;
import com.carbon254.devstack.testing.EmbeddedStackResource;
import com.carbon254.devstack.testing.TestTokens;
import com.carbon254.events.common.DatasetStatus;
import com.carbon254.events.data.DatasetCreatedEvent;
import com.carbon254.events.data.DatasetDeletedEvent;
import com.carbon254.events.data.DatasetUpdatedEvent;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;

@QuarkusTest
@WithTestResource(value = EmbeddedStackResource.class,
        initArgs = @ResourceArg(name = EmbeddedStackResource.COMPONENTS, value = "kafka,registry,postgres"))
class DatasetResourceTest {

    /** A client allowed to change and read datasets. */
    static final String WRITER = TestTokens.forRoles(Roles.DATASETS_WRITE, Roles.DATASETS_READ);

    private static final Duration EVENT_WAIT = Duration.ofSeconds(30);
    private static DataEventsTopic topic;

    @Inject
    Pool pool;

    @BeforeAll
    static void openTopic() {
        topic = new DataEventsTopic();
    }

    @AfterAll
    static void closeTopic() {
        topic.close();
    }

    @Test
    void createAnswers201AndPublishesDatasetCreated() {
        String name = uniqueName("sales");
        Response response = given().auth().oauth2(TestTokens.forSubject("alice", Roles.DATASETS_WRITE)).contentType(ContentType.JSON)
                .header("X-Correlation-Id", "flow-42")
                .body(body(name))
                .when().post("/datasets");
        response.then().statusCode(201)
                .header("Location", endsWith("/datasets/" + response.jsonPath().getString("id")))
                .header("ETag", "\"1\"")
                .header("X-Correlation-Id", "flow-42")
                .body("version", is(1))
                .body("eventId", notNullValue());
        UUID id = UUID.fromString(response.jsonPath().getString("id"));
        String eventId = response.jsonPath().getString("eventId");

        List<ConsumerRecord<String, Object>> records = awaitRecords(id, 1);
        assertThat(records.get(0).key()).isEqualTo(id.toString());
        DatasetCreatedEvent created = (DatasetCreatedEvent) records.get(0).value();
        assertThat(created.getEventId()).isEqualTo(eventId);
        assertThat(created.getEventType()).isEqualTo("DatasetCreated");
        assertThat(created.getDatasetId()).isEqualTo(id.toString());
        assertThat(created.getDatasetVersion()).isEqualTo(1L);
        assertThat(created.getSource()).isEqualTo("dataset-command");
        assertThat(created.getVersion()).isEqualTo("1");
        assertThat(created.getCorrelationId()).isEqualTo("flow-42");
        assertThat(created.getCreatedBy()).isEqualTo("alice");
        assertThat(created.getName()).isEqualTo(name);
        assertThat(created.getTags()).containsExactly("sales", "pii");
        assertThat(created.getColumns()).hasSize(2);
        assertThat(created.getColumns().get(0).getNullable()).isFalse();
        assertThat(created.getColumns().get(1).getNullable()).isTrue();
        assertThat(created.getStatus()).isEqualTo(DatasetStatus.ACTIVE);

        // The outbox row records where the broker put the event.
        var row = new OutboxRows(pool).of(id).get(0);
        assertThat(row.eventId().toString()).isEqualTo(eventId);
        assertThat(row.published()).isTrue();
        assertThat(row.topic()).isEqualTo("data-events");
        assertThat(row.partition()).isEqualTo(records.get(0).partition());
        assertThat(row.offset()).isEqualTo(records.get(0).offset());

        given().auth().oauth2(WRITER).when().get("/datasets/{id}", id).then().statusCode(200)
                .header("ETag", "\"1\"")
                .body("name", equalTo(name))
                .body("version", is(1))
                .body("createdBy", equalTo("alice"))
                .body("createdAt", matchesPattern("\\d{4}-\\d{2}-\\d{2}T.*Z"))
                .body("columns[0].name", equalTo("order_id"));
    }

    @Test
    void updateWithCurrentVersionAnswers200AndPublishesChangedFields() {
        Map<String, Object> original = body(uniqueName("sales"));
        UUID id = created(original);

        Map<String, Object> changed = with(with(original, "description", "Deprecated: use v2"), "status", "DEPRECATED");
        Response response = update(id, 1, changed);
        response.then().statusCode(200)
                .header("ETag", "\"2\"")
                .body("id", equalTo(id.toString()))
                .body("version", is(2));

        List<ConsumerRecord<String, Object>> records = awaitRecords(id, 2);
        DatasetUpdatedEvent updated = (DatasetUpdatedEvent) records.get(1).value();
        assertThat(updated.getEventId()).isEqualTo(response.jsonPath().getString("eventId"));
        assertThat(updated.getDatasetVersion()).isEqualTo(2L);
        assertThat(updated.getChangedFields()).containsExactly("description", "status");
        assertThat(updated.getStatus()).isEqualTo(DatasetStatus.DEPRECATED);
        assertThat(updated.getUpdatedBy()).as("the token's subject").isEqualTo(TestTokens.TEST_SUBJECT);
        assertThat(updated.getCorrelationId()).isNotBlank();
    }

    @Test
    void staleVersionIsRejectedWith409AndRecordsNoEvent() {
        Map<String, Object> original = body(uniqueName("sales"));
        UUID id = created(original);
        update(id, 1, with(original, "owner", "team-a")).then().statusCode(200);

        update(id, 1, with(original, "owner", "team-b")).then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:carbon254:problem:version-conflict"))
                .body("title", equalTo("Version conflict"))
                .body("status", is(409))
                .body("detail", equalTo("Dataset " + id + " is at version 2, not 1"))
                .body("instance", equalTo("/datasets/" + id))
                .body("datasetId", equalTo(id.toString()))
                .body("currentVersion", is(2))
                .body("expectedVersion", is(1));

        // The version in the body works like If-Match.
        given().auth().oauth2(WRITER).contentType(ContentType.JSON).body(with(with(original, "owner", "team-c"), "expectedVersion", 2))
                .when().put("/datasets/{id}", id)
                .then().statusCode(200).body("version", is(3));

        // Exactly one event per accepted command: versions 1, 2, 3 and nothing for the rejected one.
        List<SpecificRecord> events = awaitRecords(id, 3).stream().map(r -> (SpecificRecord) r.value()).toList();
        assertThat(events).extracting(e -> e.get(e.getSchema().getField("datasetVersion").pos()))
                .containsExactly(1L, 2L, 3L);
        assertThat(((DatasetUpdatedEvent) events.get(2)).getOwner()).isEqualTo("team-c");
        assertThat(new OutboxRows(pool).of(id)).hasSize(3);
    }

    @Test
    void updateWithoutAnyVersionIsRefusedWith428() {
        Map<String, Object> original = body(uniqueName("sales"));
        UUID id = created(original);
        given().auth().oauth2(WRITER).contentType(ContentType.JSON).body(original).when().put("/datasets/{id}", id)
                .then().statusCode(428)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:carbon254:problem:precondition-required"));
        given().auth().oauth2(WRITER).contentType(ContentType.JSON).header("If-Match", "version-one").body(original)
                .when().put("/datasets/{id}", id)
                .then().statusCode(400).body("errors.field", hasItem("If-Match"));
    }

    @Test
    void deleteAnswersTheFinalVersionAndPublishesDatasetDeleted() {
        String name = uniqueName("sales");
        UUID id = created(body(name));

        Response response = given().auth().oauth2(TestTokens.forSubject("carol", Roles.DATASETS_WRITE)).header("If-Match", "\"1\"")
                .when().delete("/datasets/{id}?reason=replaced", id);
        response.then().statusCode(200).body("version", is(2));

        List<ConsumerRecord<String, Object>> records = awaitRecords(id, 2);
        DatasetDeletedEvent deleted = (DatasetDeletedEvent) records.get(1).value();
        assertThat(deleted.getEventId()).isEqualTo(response.jsonPath().getString("eventId"));
        assertThat(deleted.getDatasetVersion()).isEqualTo(2L);
        assertThat(deleted.getName()).isEqualTo(name);
        assertThat(deleted.getDeletedBy()).isEqualTo("carol");
        assertThat(deleted.getReason()).isEqualTo("replaced");

        given().auth().oauth2(WRITER).when().get("/datasets/{id}", id).then().statusCode(404);
        update(id, 2, body(name)).then().statusCode(404);
        // The name is free again.
        created(body(name));
    }

    @Test
    void invalidDatasetIsRejectedWith400ListingEachField() {
        Map<String, Object> invalid = with(with(with(body("Not A Valid Name"), "owner", " "), "columns",
                List.of(Map.of("name", "id", "type", ""))), "tags", List.of("ok", ""));
        Datasets.create(invalid).then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:carbon254:problem:invalid-request"))
                .body("status", is(400))
                .body("instance", equalTo("/datasets"))
                .body("errors.field", containsInAnyOrder("name", "owner", "columns[0].type", "tags[1]"));

        Datasets.create(with(body(uniqueName("sales")), "status", "GONE")).then()
                .statusCode(400)
                .body("errors[0].field", equalTo("status"))
                .body("errors[0].problem", equalTo("must be one of [ACTIVE, DEPRECATED, ARCHIVED]"));

        given().auth().oauth2(WRITER).contentType(ContentType.JSON).body("{\"name\": ").when().post("/datasets").then()
                .statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("body"));

        Datasets.create(with(body(uniqueName("sales")), "columns",
                List.of(Map.of("name", "id", "type", "bigint"), Map.of("name", "id", "type", "text")))).then()
                .statusCode(400).body("errors[0].field", equalTo("columns[1].name"));
    }

    @Test
    void unknownFieldsAndNulCharactersAreRefusedLikeTheGatewayRefusesThem() {
        Datasets.create(with(body(uniqueName("sales")), "ownr", "team")).then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("ownr"))
                .body("errors[0].problem", containsString("unknown fields are refused"));
        Datasets.create(with(body(uniqueName("sales")), "owner", "team\u0000x")).then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("owner"))
                .body("errors[0].problem", containsString("NUL"));
    }

    @Test
    void duplicateNameIsRejectedWith409() {
        String name = uniqueName("sales");
        created(body(name));
        Datasets.create(body(name)).then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:carbon254:problem:duplicate-name"))
                .body("title", equalTo("Dataset name taken"))
                .body("detail", equalTo("A dataset named '" + name + "' already exists"))
                .body("instance", equalTo("/datasets"));
    }

    @Test
    void unknownDatasetIsAnswered404() {
        UUID unknown = UUID.randomUUID();
        given().auth().oauth2(WRITER).when().get("/datasets/{id}", unknown).then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:carbon254:problem:dataset-not-found"))
                .body("title", equalTo("Dataset not found"))
                .body("detail", equalTo("No dataset with id " + unknown))
                .body("datasetId", equalTo(unknown.toString()));
        update(unknown, 1, body(uniqueName("sales"))).then().statusCode(404);
        given().auth().oauth2(WRITER).when().delete("/datasets/{id}", unknown).then().statusCode(404);
        given().auth().oauth2(WRITER).when().get("/datasets/not-a-uuid").then().statusCode(404)
                .body("datasetId", equalTo("not-a-uuid"));
    }

    @Test
    void apiIsDocumentedAndObservable() {
        given().auth().oauth2(WRITER).when().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths.'/datasets'.post.responses.'201'", notNullValue())
                .body("paths.'/datasets/{id}'.put.responses.'428'", notNullValue());
        // Readiness: PostgreSQL (reactive pool, and the JDBC pool Flyway uses) and Kafka (the events-out channel).
        String ready = given().auth().oauth2(WRITER).when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .extract().asString();
        assertThat(ready).contains("Reactive PostgreSQL connections health check", "events-out");
        // Liveness: nothing that depends on PostgreSQL or the broker being reachable.
        String live = given().auth().oauth2(WRITER).when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItem("outbox-relay")).extract().asString();
        assertThat(live).doesNotContain("PostgreSQL", "Database connections");
        String metrics = given().auth().oauth2(WRITER).when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("carbon254_outbox_backlog", "carbon254_outbox_oldest_age_seconds",
                "carbon254_outbox_published_total");
    }

    private static List<ConsumerRecord<String, Object>> awaitRecords(UUID id, int count) {
        await().atMost(EVENT_WAIT).untilAsserted(() -> assertThat(topic.recordsOf(id)).hasSize(count));
        return topic.recordsOf(id);
    }
}
