package com.carbon254.events.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.lessThan;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.carbon254.api.runtime.security.Roles;
import com.carbon254.devstack.Component;
import com.carbon254.devstack.testing.SharedStack;
import com.carbon254.devstack.testing.TestTokens;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * The broker cannot be reached (its address is a closed port; the registry is the real one): the gateway answers
 * 503 with Retry-After within its bounded wait, reports nothing as accepted, and stays alive while not ready.
 */
@QuarkusTest
@TestProfile(BrokerUnreachableTest.BrokerUnreachable.class)
class BrokerUnreachableTest {

    /** A producer allowed to publish events. */
    static final String WRITER = TestTokens.forRoles(Roles.EVENTS_WRITE);

    /** The client's own event id, kept across its retries. */
    private static final String RETRIED = "5d1c7b0e-3f2a-4b8e-9c61-0a7e2f4d8b35";

    @Test
    void answers503WithRetryAfterWithinTheBoundedWait() {
        given().auth().oauth2(WRITER).contentType(ContentType.JSON).body(EventResourceTest.ingestion("ds-unreachable"))
                .header("X-Correlation-Id", "flow-503")
                .body(EventResourceTest.ingestion("ds-unreachable").replace("{", "{\"eventId\": \"" + RETRIED + "\", "))
                .when().post("/events/DataIngestion")
                .then().statusCode(503)
                .time(lessThan(6L), TimeUnit.SECONDS)
                .header("Retry-After", "3")
                .contentType("application/problem+json")
                .body("type", equalTo("urn:carbon254:problem:broker-unavailable"))
                .body("detail", containsString("did not acknowledge event " + RETRIED + " within 2000 ms"))
                .body("eventIds", hasItem(RETRIED));
    }

    @Test
    void staysAliveButIsNotReady() {
        given().auth().oauth2(WRITER).when().get("/q/health/live").then().statusCode(200);
        given().auth().oauth2(WRITER).when().get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'schema-registry' }.status", equalTo("UP"));
    }

    /** The real registry, and a broker address nothing listens on. */
    public static class BrokerUnreachable implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(
                    SharedStack.get(EnumSet.of(Component.KAFKA, Component.REGISTRY)).endpoints().asQuarkusConfig());
            config.putAll(TestTokens.quarkusConfig());
            config.put("kafka.bootstrap.servers", "127.0.0.1:" + closedPort());
            config.put("carbon254.publish.timeout", "2s");
            config.put("carbon254.gateway.retry-after", "3s");
            config.put("quarkus.log.category.\"org.apache.kafka\".level", "ERROR");
            return config;
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }

        private static int closedPort() {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
