package com.carbon254.projector;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.carbon254.api.runtime.rest.Problem;
import com.carbon254.api.runtime.security.Roles;
import com.carbon254.devstack.testing.EmbeddedStackResource;
import com.carbon254.devstack.testing.TestTokens;
import com.carbon254.events.catalog.TopicCatalog;
import com.carbon254.events.runtime.testing.ConfluentWireReader;
import com.carbon254.events.runtime.testing.TopicProbe;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The admin API requires platform:admin, with real tokens and servers: 401/403 problems otherwise (nothing started),
 * every call audited on audit-api-calls, a refused re-drive published as an AdminOperation with outcome FAILURE, the
 * reason and the token's subject. (Successful re-drives and rebuilds: PlatformReadModelsTest and ProjectorTest, which
 * follow their AdminOperation events into the audit trail; a rebuild here would change the generations they expect.)
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedStackResource.class)
class AdminApiSecurityTest {

    private static final Duration AUDIT_WAIT = Duration.ofSeconds(60);
    private static final String REBUILD = "/admin/projections/datasets/rebuild";
    private static final String REDRIVE = "/admin/dead-letters/redrive";
    private static final String UNKNOWN_DEAD_LETTER = "{\"dlqTopic\": \"data-lineage.dlq\", \"partition\": 0, "
            + "\"offsets\": [987654321]}";

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
    void withoutATokenNothingIsStartedAndTheCallIsAuditedAsAnonymous() throws Exception {
        String flow = "flow-" + UUID.randomUUID();
        given().header("X-Correlation-Id", flow).post(REBUILD).then().statusCode(401)
                .contentType(Problem.MEDIA_TYPE)
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("type", equalTo("urn:carbon254:problem:unauthenticated"))
                .body("instance", equalTo(REBUILD));
        given().contentType(ContentType.JSON).body(UNKNOWN_DEAD_LETTER).post(REDRIVE).then().statusCode(401)
                .contentType(Problem.MEDIA_TYPE);
        given().get("/admin/projections/datasets/positions").then().statusCode(401);
        given().auth().oauth2(TestTokens.signedByUnknownKey(Roles.PLATFORM_ADMIN)).post(REBUILD).then().statusCode(401)
                .header("WWW-Authenticate", startsWith("Bearer error=\"invalid_token\""));

        GenericRecord call = audited(TopicCatalog.AUDIT_API_CALLS.name(), flow);
        assertThat(call.get("actor")).hasToString("anonymous");
        assertThat(call.get("service")).hasToString("projector");
        assertThat(call.get("method")).hasToString("POST");
        // the route template: every read model's replay is one operation
        assertThat(call.get("path")).hasToString("/admin/projections/{readModel}/rebuild");
        assertThat(call.get("statusCode")).isEqualTo(401);
        assertThat(call.get("outcome")).hasToString("DENIED");
        assertThat(audited(TopicCatalog.SECURITY_EVENTS.name(), flow).get("action")).hasToString("AUTHENTICATE");
        // Nothing was started: no rebuild run exists.
        given().auth().oauth2(TestTokens.forRoles(Roles.PLATFORM_ADMIN))
                .get("/admin/projections/datasets/rebuild/{id}", UUID.randomUUID()).then().statusCode(404)
                .contentType(Problem.MEDIA_TYPE);
    }

    @Test
    void aTokenWithoutTheAdminRoleIsRefused403() throws Exception {
        String writer = TestTokens.forSubject("writer-walt", Roles.DATASETS_WRITE, Roles.DATASETS_READ,
                Roles.EVENTS_WRITE);
        String flow = "flow-" + UUID.randomUUID();
        given().auth().oauth2(writer).header("X-Correlation-Id", flow).contentType(ContentType.JSON)
                .body(UNKNOWN_DEAD_LETTER).post(REDRIVE).then().statusCode(403)
                .contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo("urn:carbon254:problem:forbidden"));
        given().auth().oauth2(writer).post(REBUILD).then().statusCode(403);
        given().auth().oauth2(writer).get("/admin/projections/datasets/positions").then().statusCode(403);

        GenericRecord call = audited(TopicCatalog.AUDIT_API_CALLS.name(), flow);
        assertThat(call.get("actor")).hasToString("writer-walt");
        assertThat(call.get("path")).hasToString(REDRIVE);
        assertThat(call.get("statusCode")).isEqualTo(403);
        GenericRecord refusal = audited(TopicCatalog.SECURITY_EVENTS.name(), flow);
        assertThat(refusal.get("principal")).hasToString("writer-walt");
        assertThat(refusal.get("outcome")).hasToString("DENIED");
    }

    @Test
    void anAdminIsServedAndARefusedReDriveIsPublishedWithItsReason() throws Exception {
        String admin = TestTokens.forSubject("operator-otto", Roles.PLATFORM_ADMIN);
        String served = "flow-" + UUID.randomUUID();
        given().auth().oauth2(admin).header("X-Correlation-Id", served).get("/admin/projections/datasets/positions")
                .then().statusCode(200);
        GenericRecord call = audited(TopicCatalog.AUDIT_API_CALLS.name(), served);
        assertThat(call.get("actor")).hasToString("operator-otto");
        assertThat(call.get("statusCode")).isEqualTo(200);
        assertThat(call.get("outcome")).hasToString("SUCCESS");

        String flow = "flow-" + UUID.randomUUID();
        given().auth().oauth2(admin).header("X-Correlation-Id", flow).contentType(ContentType.JSON)
                .body(UNKNOWN_DEAD_LETTER).post(REDRIVE).then().statusCode(404)
                .contentType(Problem.MEDIA_TYPE)
                .body("instance", equalTo(REDRIVE));
        GenericRecord operation = audited(TopicCatalog.AUDIT_ADMIN_OPERATIONS.name(), flow);
        assertThat(operation.get("actor")).hasToString("operator-otto");
        assertThat(operation.get("operation")).hasToString("dead-letter.redrive");
        assertThat(operation.get("target")).hasToString("data-lineage.dlq/0/987654321");
        assertThat(operation.get("outcome")).hasToString("FAILURE");
        assertThat(operation.get("reason").toString()).startsWith("no dead letter at");
        assertThat(operation.get("source")).hasToString("projector");
        assertThat(String.valueOf(((Map<?, ?>) operation.get("parameters")).entrySet()))
                .contains("force=false");

        // A selection that is not one: a 400 with every invalid field, in the platform's problem shape.
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"offsets\": [-1]}").post(REDRIVE).then()
                .statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("errors.field", org.hamcrest.Matchers.hasItems("dlqTopic", "partition", "offsets[0]"))
                .body("errors.problem", org.hamcrest.Matchers.everyItem(org.hamcrest.Matchers.notNullValue()));
        given().auth().oauth2(admin).queryParam("from", "soon").post(REBUILD).then().statusCode(400)
                .contentType(Problem.MEDIA_TYPE).body("errors[0].field", equalTo("from"));
    }

    private GenericRecord audited(String topic, String flow) throws Exception {
        ConsumerRecord<String, byte[]> record = probe.await(topic,
                r -> flow.equals(TopicProbe.header(r, "correlationId")), AUDIT_WAIT);
        return wire.decode(record.value()).record();
    }
}
