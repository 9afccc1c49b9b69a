package com.carbon254.query;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.carbon254.api.runtime.security.Roles;
import com.carbon254.devstack.testing.TestTokens;
import com.carbon254.readmodel.DatasetVersionNotices;
import com.carbon254.query.ReadModelFixtures.State;
import com.carbon254.query.repository.ProjectedVersions;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** The query API against a real PostgreSQL read model and a real search node, filled as the projector would. */
@QuarkusTest
@QuarkusTestResource(ReadModelResource.class)
class DatasetResourceTest {

    @Inject
    ProjectedVersions projected;

    private static final String READER = TestTokens.forRoles(Roles.DATASETS_READ);

    static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    static final Instant T1 = Instant.parse("2025-03-02T10:00:00Z");
    static final Instant T2 = Instant.parse("2025-03-03T10:00:00Z");

    @BeforeAll
    static void fill() throws Exception {
        // orders: created, then updated (v2)
        created(new State("ds-orders", 1, "sales.orders", "Customer orders", "team-sales", "parquet", "ACTIVE",
                List.of("sales", "pii"), T0, "alice"));
        updated(new State("ds-orders", 2, "sales.orders", "All customer orders, daily", "team-sales", "iceberg",
                "ACTIVE", List.of("sales", "gold"), T1, "bob"), T0, "alice");
        // a few more for lists, paging, facets
        created(new State("ds-clicks", 1, "web.clicks", "Click stream", "team-web", "parquet", "ACTIVE",
                List.of("web"), T0, "carol"));
        created(new State("ds-sessions", 1, "web.sessions", "Web sessions", "team-web", "iceberg", "DEPRECATED",
                List.of("web", "gold"), T0, "carol"));
        created(new State("ds-refunds", 1, "sales.refunds", "Refunds of orders", "team-sales", "csv", "ACTIVE",
                List.of("sales"), T0, "dave"));
        created(new State("ds-wait", 1, "ops.wait", "Waited for", "team-ops", "csv", "ACTIVE", List.of(), T0, "frank"));
        // legacy: created then deleted (tombstone)
        created(new State("ds-legacy", 1, "old.legacy", "Legacy dump", "team-ops", "csv", "ARCHIVED", List.of(), T0, "erin"));
        ReadModelFixtures.event("DatasetDeleted", new State("ds-legacy", 2, "old.legacy", null, null, null, null,
                List.of(), T1, "erin"), T0, "erin");
    }

    static void created(State s) throws Exception {
        ReadModelFixtures.event("DatasetCreated", s, s.at(), s.actor());
    }

    static void updated(State s, Instant createdAt, String createdBy) throws Exception {
        ReadModelFixtures.event("DatasetUpdated", s, createdAt, createdBy);
    }

    @Test
    void getsTheCurrentState() {
        reader().get("/datasets/ds-orders").then().statusCode(200)
                .body("id", equalTo("ds-orders")).body("version", equalTo(2))
                .body("format", equalTo("iceberg")).body("tags", contains("sales", "gold"))
                .body("columns[0].name", equalTo("id")).body("columns[0].nullable", equalTo(false))
                .body("createdBy", equalTo("alice")).body("updatedBy", equalTo("bob"));
    }

    @Test
    void unknownAndDeletedDatasetsAreProblems() {
        reader().get("/datasets/nope").then().statusCode(404)
                .contentType("application/problem+json").body("status", equalTo(404)).body("title", equalTo("Dataset not found"));
        reader().get("/datasets/ds-legacy").then().statusCode(404)
                .contentType("application/problem+json").body("deletedAtVersion", equalTo(2));
    }

    @Test
    void listsFiltersPagesAndSorts() {
        reader().queryParam("owner", "team-sales").get("/datasets").then().statusCode(200)
                .body("total", equalTo(2)).body("items.id", contains("ds-orders", "ds-refunds"));
        reader().queryParam("tag", "gold").get("/datasets").then().statusCode(200)
                .body("total", equalTo(2)).body("items.id", contains("ds-orders", "ds-sessions"));
        reader().queryParam("status", "DEPRECATED").queryParam("format", "ICEBERG").get("/datasets").then()
                .statusCode(200).body("items.id", contains("ds-sessions"));
        // deleted datasets are never listed; 5 live ones, 3 per page, sorted by name descending
        reader().queryParam("size", 3).queryParam("page", 1).queryParam("sort", "-name").get("/datasets").then()
                .statusCode(200).body("total", equalTo(5)).body("totalPages", equalTo(2))
                .body("items.id", contains("ds-orders", "ds-wait"));
        reader().queryParam("sort", "colour").get("/datasets").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("sortable"));
        reader().queryParam("size", 1000).get("/datasets").then().statusCode(400);
    }

    @Test
    void searchesWithFacets() {
        Response response = reader().queryParam("q", "orders").get("/datasets/search");
        response.then().statusCode(200).body("items.id", hasItem("ds-orders")).body("items[0].id", equalTo("ds-orders"));
        // "orders" is in the name of one and the description of the other
        assertThat(response.jsonPath().getList("items.id")).containsExactlyInAnyOrder("ds-orders", "ds-refunds");
        reader().queryParam("owner", "team-web").get("/datasets/search").then().statusCode(200)
                .body("total", equalTo(2))
                .body("facets.owner[0].value", equalTo("team-web")).body("facets.owner[0].count", equalTo(2))
                .body("facets.status.value", contains("ACTIVE", "DEPRECATED"))
                .body("facets.tags.find { it.value == 'web' }.count", equalTo(2))
                .body("facets.tags.find { it.value == 'gold' }.count", equalTo(1));
        reader().queryParam("q", "legacy").get("/datasets/search").then().statusCode(200).body("total", equalTo(0));
    }

    @Test
    void historyIsOrderedAndComplete() {
        reader().get("/datasets/ds-orders/history").then().statusCode(200)
                .body("datasetVersion", contains(1, 2))
                .body("eventType", contains("DatasetCreated", "DatasetUpdated"))
                .body("[1].payload.updatedBy", equalTo("bob"));
        reader().get("/datasets/nope/history").then().statusCode(404);
    }

    @Test
    void timeTravelsThroughTheHistory() {
        reader().queryParam("asOf", "2025-03-01T09:59:59Z").get("/datasets/ds-orders").then().statusCode(404)
                .body("detail", containsString("did not exist"));
        reader().queryParam("asOf", "2025-03-01T12:00:00Z").get("/datasets/ds-orders").then().statusCode(200)
                .body("version", equalTo(1)).body("format", equalTo("parquet")).body("tags", contains("sales", "pii"))
                .body("createdBy", equalTo("alice"));
        reader().queryParam("asOf", T1.toString()).get("/datasets/ds-orders").then().statusCode(200)
                .body("version", equalTo(2)).body("updatedBy", equalTo("bob")).body("createdBy", equalTo("alice"));
        reader().queryParam("asOf", "2025-03-01T12:00:00Z").get("/datasets/ds-legacy").then().statusCode(200)
                .body("version", equalTo(1));
        reader().queryParam("asOf", T2.toString()).get("/datasets/ds-legacy").then().statusCode(404)
                .body("detail", containsString("deleted"));
        reader().queryParam("asOf", "yesterday").get("/datasets/ds-orders").then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void waitsForAMinimumVersion() throws Exception {
        reader().queryParam("minVersion", 1).get("/datasets/ds-wait").then().statusCode(200)
                .body("version", equalTo(1));

        // version 2 shows up while the request waits
        CompletableFuture<Void> later = CompletableFuture.runAsync(() -> {
            try {
                TimeUnit.MILLISECONDS.sleep(300);
                updated(new State("ds-wait", 2, "ops.wait", "Waited for", "team-ops", "csv", "ACTIVE", List.of(),
                        T1, "frank"), T0, "frank");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long start = System.nanoTime();
        reader().queryParam("minVersion", 2).get("/datasets/ds-wait").then().statusCode(200)
                .body("version", equalTo(2));
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1500);
        later.get();

        // never within the (test) 1.5 s bound: 504 naming the visible version
        reader().queryParam("minVersion", 7).get("/datasets/ds-wait").then().statusCode(504)
                .contentType("application/problem+json").body("visibleVersion", equalTo(2))
                .body("requestedVersion", equalTo(7));
        reader().queryParam("minVersion", 1).get("/datasets/ds-unknown").then().statusCode(504)
                .body("visibleVersion", nullValue());
        // deleted at 2: version 3 can never come
        reader().queryParam("minVersion", 3).get("/datasets/ds-legacy").then().statusCode(409)
                .body("visibleVersion", equalTo(2));
        reader().queryParam("minVersion", 1).queryParam("asOf", T1.toString()).get("/datasets/ds-wait").then()
                .statusCode(400);
    }

    @Test
    void theProjectorsVersionAnnouncementsReachTheReadersWaitingForThem() throws Exception {
        projected.listening().toCompletableFuture().get(30, TimeUnit.SECONDS);
        ProjectedVersions.Wait forFour = projected.await("ds-announced", 4);
        ProjectedVersions.Wait forFive = projected.await("ds-announced", 5);
        try {
            // What the projector's batch transaction sends when it commits version 4 of the dataset.
            try (Connection c = ReadModelFixtures.connect();
                 PreparedStatement notify = c.prepareStatement("SELECT pg_notify(?, ?)")) {
                notify.setString(1, DatasetVersionNotices.CHANNEL);
                notify.setString(2, DatasetVersionNotices.payloads(Map.of("ds-announced", 4L)).get(0));
                notify.executeQuery().close();
            }
            await().atMost(Duration.ofSeconds(10)).until(forFour::isAnnounced);
            assertThat(forFive.isAnnounced()).as("version 4 does not end a wait for version 5").isFalse();
        } finally {
            forFour.cancel();
            forFive.cancel();
        }
    }

    @Test
    void documentsItsApi() {
        reader().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths", org.hamcrest.Matchers.hasKey("/datasets/{id}/history"));
        reader().get("/q/health/ready").then().statusCode(200);
    }

    /** A request with the token of a caller allowed to read datasets and the platform views. */
    private static RequestSpecification reader() {
        return given().auth().oauth2(READER);
    }
}
