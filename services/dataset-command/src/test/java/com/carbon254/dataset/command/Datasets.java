package com.carbon254.dataset.command;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.carbon254.api.runtime.security.Roles;
import com.carbon254.devstack.testing.TestTokens;

import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** Builds dataset command bodies and sends the commands, for the tests. */
public final class Datasets {

    /** A client allowed to change and read datasets. */
    static final String WRITER = TestTokens.forRoles(Roles.DATASETS_WRITE, Roles.DATASETS_READ);

    private Datasets() {
    }

    /** A unique, valid dataset name. */
    public static String uniqueName(String prefix) {
        return prefix + "." + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    public static Map<String, Object> body(String name) {
        return Map.of(
                "name", name,
                "description", "All customer orders",
                "owner", "team-sales",
                "format", "iceberg",
                "location", "s3://lake/" + name.replace('.', '/'),
                "tags", List.of("sales", "pii"),
                "columns", List.of(
                        Map.of("name", "order_id", "type", "bigint", "nullable", false, "description", "Order id"),
                        Map.of("name", "amount", "type", "decimal(12,2)")),
                "status", "ACTIVE");
    }

    public static Map<String, Object> with(Map<String, Object> body, String field, Object value) {
        var copy = new java.util.HashMap<>(body);
        copy.put(field, value);
        return copy;
    }

    public static Response create(Map<String, Object> body) {
        return given().auth().oauth2(WRITER).contentType(ContentType.JSON).body(body).when().post("/datasets");
    }

    /** Creates a dataset (expects 201) and returns its id. */
    public static UUID created(Map<String, Object> body) {
        Response response = create(body);
        response.then().statusCode(201);
        return UUID.fromString(response.jsonPath().getString("id"));
    }

    public static Response update(UUID id, long ifMatch, Map<String, Object> body) {
        return given().auth().oauth2(WRITER).contentType(ContentType.JSON).header("If-Match", "\"" + ifMatch + "\"").body(body)
                .when().put("/datasets/{id}", id);
    }
}
