package com.carbon254.query;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import java.time.Duration;
import java.util.UUID;

import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.carbon254.api.runtime.rest.Problem;
import com.carbon254.api.runtime.security.Roles;
import com.carbon254.devstack.testing.TestTokens;
import com.carbon254.events.catalog.TopicCatalog;
import com.carbon254.events.runtime.testing.ConfluentWireReader;
import com.carbon254.events.runtime.testing.TopicProbe;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Who may read what, with real tokens and servers: the catalog and platform views need datasets:read, the audit trail
 * and dead letters platform:admin; refusals are 401/403 problems; every call is audited on audit-api-calls with its
 * route template, refusals also on security-events.
 */
@QuarkusTest
@QuarkusTestResource(ReadModelResource.class)
class QueryApiSecurityTest {

    private static final Duration AUDIT_WAIT = Duration.ofSeconds(60);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "carbon254.registry.ccompat-url")
    String ccompatUrl;

    TopicProbe probe;
    ConfluentWireReader wire;

    @BeforeEach
    void connect() {
        probe = new TopicProbe(bootstrapServers);
        wire = new ConfluentWireReader(ccompatUrl);
    }

    @AfterEach
    void disconnect() {
        probe.close();
    }

    @Test
    void everyEndpointRefusesACallWithoutAValidToken() throws Exception {
        for (String path : new String[] { "/datasets", "/datasets/ds-1", "/datasets/search", "/ingestion-stats/a.b",
                "/quality/a.b", "/quality", "/transformations", "/services", "/services/event-gateway/timeline",
                "/lineage/a.b", "/audit", "/audit/verify", "/dead-letters" }) {
            given().get(path).then().statusCode(401)
                    .contentType(Problem.MEDIA_TYPE)
                    .header("WWW-Authenticate", startsWith("Bearer"))
                    .body("type", equalTo("urn:carbon254:problem:unauthenticated"))
                    .body("status", equalTo(401))
                    .body("instance", equalTo(path));
        }
        given().auth().oauth2(TestTokens.signedByUnknownKey(Roles.PLATFORM_ADMIN)).get("/audit").then().statusCode(401)
                .header("WWW-Authenticate", startsWith("Bearer error=\"invalid_token\""));
        given().auth().oauth2(TestTokens.expired(Roles.DATASETS_READ)).get("/services").then().statusCode(401);

        String flow = "flow-" + UUID.randomUUID();
        given().header("X-Correlation-Id", flow).get("/lineage/sales.orders").then().statusCode(401);
        GenericRecord call = audited(TopicCatalog.AUDIT_API_CALLS.name(), flow);
        assertThat(call.get("actor")).hasToString("anonymous");
        assertThat(call.get("service")).hasToString("query-api");
        assertThat(call.get("statusCode")).isEqualTo(401);
        assertThat(call.get("outcome")).hasToString("DENIED");
        assertThat(audited(TopicCatalog.SECURITY_EVENTS.name(), flow).get("action")).hasToString("AUTHENTICATE");
    }

    @Test
    void aReaderReadsTheCatalogAndPlatformViewsButNotTheAuditorsViews() throws Exception {
        String reader = TestTokens.forSubject("reader-rita", Roles.DATASETS_READ);
        given().auth().oauth2(reader).get("/datasets").then().statusCode(200);
        given().auth().oauth2(reader).get("/services").then().statusCode(200);
        given().auth().oauth2(reader).get("/ingestion-stats/sales.orders").then().statusCode(200);

        for (String path : new String[] { "/audit", "/audit/verify", "/dead-letters" }) {
            given().auth().oauth2(reader).get(path).then().statusCode(403)
                    .contentType(Problem.MEDIA_TYPE)
                    .body("type", equalTo("urn:carbon254:problem:forbidden"))
                    .body("instance", equalTo(path));
        }
        // A token without any role of the query API: not even the catalog.
        given().auth().oauth2(TestTokens.forRoles(Roles.EVENTS_WRITE)).get("/datasets").then().statusCode(403);

        String flow = "flow-" + UUID.randomUUID();
        given().auth().oauth2(reader).header("X-Correlation-Id", flow).get("/dead-letters").then().statusCode(403);
        GenericRecord call = audited(TopicCatalog.AUDIT_API_CALLS.name(), flow);
        assertThat(call.get("actor")).hasToString("reader-rita");
        assertThat(call.get("path")).hasToString("/dead-letters");
        assertThat(call.get("statusCode")).isEqualTo(403);
        GenericRecord refusal = audited(TopicCatalog.SECURITY_EVENTS.name(), flow);
        assertThat(refusal.get("principal")).hasToString("reader-rita");
        assertThat(refusal.get("outcome")).hasToString("DENIED");
    }

    @Test
    void anAdminReadsEverythingAndEachQueryIsAuditedWithItsRouteTemplate() throws Exception {
        String admin = TestTokens.forSubject("auditor-ann", Roles.PLATFORM_ADMIN);
        given().auth().oauth2(admin).get("/audit").then().statusCode(200);
        given().auth().oauth2(admin).get("/audit/verify").then().statusCode(200).body("valid", equalTo(true));
        given().auth().oauth2(admin).get("/dead-letters").then().statusCode(200);
        given().auth().oauth2(admin).get("/datasets").then().statusCode(200);

        String flow = "flow-" + UUID.randomUUID();
        given().auth().oauth2(admin).header("X-Correlation-Id", flow).queryParam("depth", 42)
                .get("/lineage/{name}", "sales.orders").then().statusCode(400);
        GenericRecord call = audited(TopicCatalog.AUDIT_API_CALLS.name(), flow);
        assertThat(call.get("actor")).hasToString("auditor-ann");
        assertThat(call.get("service")).hasToString("query-api");
        assertThat(call.get("method")).hasToString("GET");
        assertThat(call.get("path")).as("the route template, not the name").hasToString("/lineage/{datasetName}");
        assertThat(call.get("statusCode")).isEqualTo(400);
        assertThat(call.get("outcome")).hasToString("FAILURE");

        String served = "flow-" + UUID.randomUUID();
        given().auth().oauth2(admin).header("X-Correlation-Id", served).get("/services").then().statusCode(200);
        GenericRecord success = audited(TopicCatalog.AUDIT_API_CALLS.name(), served);
        assertThat(success.get("path")).hasToString("/services");
        assertThat(success.get("statusCode")).isEqualTo(200);
        assertThat(success.get("outcome")).hasToString("SUCCESS");
        assertThat((Long) success.get("latencyMs")).isNotNegative();
    }

    @Test
    void healthAndTheApiDocumentStayOpenAndReadinessCoversKafka() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.name", hasItem(org.hamcrest.Matchers.containsStringIgnoringCase("messaging")));
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body("components.securitySchemes.bearer.scheme", equalTo("bearer"))
                .body("paths['/audit'].get.responses", org.hamcrest.Matchers.hasKey("403"));
    }

    private GenericRecord audited(String topic, String flow) throws Exception {
        ConsumerRecord<String, byte[]> record = probe.await(topic,
                r -> flow.equals(TopicProbe.header(r, "correlationId")), AUDIT_WAIT);
        return wire.decode(record.value()).record();
    }
}
