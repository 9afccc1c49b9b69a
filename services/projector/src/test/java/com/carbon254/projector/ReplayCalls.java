package com.carbon254.projector;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;

import com.carbon254.api.runtime.security.Roles;
import com.carbon254.devstack.testing.TestTokens;

import io.restassured.specification.RequestSpecification;

/** The replay admin API as the replay tests call it (an admin token). */
final class ReplayCalls {

    private static final String ADMIN = TestTokens.forRoles(Roles.PLATFORM_ADMIN);

    private ReplayCalls() {
    }

    /** Starts a replay with these query parameters (name, value, name, value…; a name may repeat); its id. */
    static String start(String readModel, String... parameters) {
        RequestSpecification request = admin();
        for (int i = 0; i + 1 < parameters.length; i += 2) {
            request = request.queryParam(parameters[i], parameters[i + 1]);
        }
        return request.post("/admin/projections/" + readModel + "/rebuild").then().statusCode(202)
                .body("readModel", equalTo(readModel)).extract().path("id");
    }

    static void awaitCompleted(String readModel, String id, Duration wait) {
        await().atMost(wait).untilAsserted(() -> admin().get("/admin/projections/" + readModel + "/rebuild/" + id)
                .then().statusCode(200).body("state", equalTo("COMPLETED")));
    }

    /** An instant every record published from now on is at or after (Kafka timestamps are milliseconds). */
    static Instant mark() {
        Instant mark = Instant.now().plusMillis(1);
        await().until(() -> Instant.now().isAfter(mark));
        return mark;
    }

    /** The service statuses of the services named {@code prefix}*, one line each, as the replay tests compare them. */
    static String serviceStatusRows(String prefix) {
        return "SELECT service_name || '|' || health_status || '|' || message || '|' || reported_at || '|' "
                + "|| status_since || '|' || last_event_id FROM read_model.service_status "
                + "WHERE service_name LIKE '" + prefix + "%' ORDER BY 1";
    }

    /** The timeline entries of the services named {@code prefix}*, one line each. */
    static String serviceTimelineRows(String prefix) {
        return "SELECT service_name || '|' || kind || '|' || summary || '|' || occurred_at || '|' "
                + "|| event_id FROM read_model.service_timeline WHERE service_name LIKE '" + prefix + "%' ORDER BY 1";
    }

    static RequestSpecification admin() {
        return given().auth().oauth2(ADMIN);
    }
}
