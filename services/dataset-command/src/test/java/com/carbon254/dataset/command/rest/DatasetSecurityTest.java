package com.carbon254.dataset.command.rest;

import static com.carbon254.dataset.command.Datasets.body;
import static com.carbon254.dataset.command.Datasets.uniqueName;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
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
import com.carbon254.devstack.testing.EmbeddedStackResource;
import com.carbon254.devstack.testing.TestTokens;
import com.carbon254.events.catalog.TopicCatalog;
import com.carbon254.events.runtime.testing.ConfluentWireReader;
import com.carbon254.events.runtime.testing.TopicProbe;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Who may send dataset commands and read the command side, with real tokens and servers; each call is audited on
 * audit-api-calls with its route template, refusals also on security-events.
 */
@QuarkusTest
@WithTestResource(value = EmbeddedStackResource.class,
        initArgs = @ResourceArg(name = EmbeddedStackResource.COMPONENTS, value = "kafka,registry,postgres"))
class DatasetSecurityTest {

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
    void aCommandWithoutTokenIsRefused401AndAuditedAsAnonymous() throws Exception {
        String flow = "flow-" + UUID.randomUUID();
        String name = uniqueName("sales");

        given().contentType(ContentType.JSON).header("X-Correlation-Id", flow).body(body(name))
                .when().post("/datasets")
                .then().statusCode(401)
                .contentType(Problem.MEDIA_TYPE)
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("type", equalTo("urn:carbon254:problem:unauthenticated"));

        GenericRecord call = audited(TopicCatalog.AUDIT_API_CALLS.name(), flow);
        assertThat(call.get("actor")).hasToString("anonymous");
        assertThat(call.get("statusCode")).isEqualTo(401);
        assertThat(call.get("outcome")).hasToString("DENIED");
        assertThat(call.get("service")).hasToString("dataset-command");
        assertThat(audited(TopicCatalog.SECURITY_EVENTS.name(), flow).get("action")).hasToString("AUTHENTICATE");
        // Nothing was registered: a writer can still take the name.
        given().auth().oauth2(TestTokens.forRoles(Roles.DATASETS_WRITE)).contentType(ContentType.JSON).body(body(name))
                .when().post("/datasets").then().statusCode(201);
    }

    @Test
    void aReaderMayReadButNotWrite() throws Exception {
        String reader = TestTokens.forSubject("reader-dan", Roles.DATASETS_READ);
        String id = given().auth().oauth2(TestTokens.forRoles(Roles.DATASETS_WRITE)).contentType(ContentType.JSON)
                .body(body(uniqueName("sales"))).when().post("/datasets")
                .then().statusCode(201).extract().path("id");
        String flow = "flow-" + UUID.randomUUID();

        given().auth().oauth2(reader).when().get("/datasets/{id}", id).then().statusCode(200);
        given().auth().oauth2(reader).header("X-Correlation-Id", flow).header("If-Match", "\"1\"")
                .when().delete("/datasets/{id}", id)
                .then().statusCode(403)
                .contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo("urn:carbon254:problem:forbidden"));

        GenericRecord call = audited(TopicCatalog.AUDIT_API_CALLS.name(), flow);
        assertThat(call.get("actor")).hasToString("reader-dan");
        assertThat(call.get("method")).hasToString("DELETE");
        assertThat(call.get("path")).as("the route template, not the id").hasToString("/datasets/{id}");
        assertThat(call.get("statusCode")).isEqualTo(403);
        GenericRecord refusal = audited(TopicCatalog.SECURITY_EVENTS.name(), flow);
        assertThat(refusal.get("principal")).hasToString("reader-dan");
        assertThat(refusal.get("outcome")).hasToString("DENIED");
        // Still there: the refused delete did nothing.
        given().auth().oauth2(reader).when().get("/datasets/{id}", id).then().statusCode(200);
    }

    @Test
    void aWriterAndAnAdminMayWriteAndTheCallIsAuditedAsSuccess() throws Exception {
        String flow = "flow-" + UUID.randomUUID();

        given().auth().oauth2(TestTokens.forSubject("writer-erin", Roles.DATASETS_WRITE)).contentType(ContentType.JSON)
                .header("X-Correlation-Id", flow).body(body(uniqueName("sales")))
                .when().post("/datasets").then().statusCode(201);
        given().auth().oauth2(TestTokens.forRoles(Roles.PLATFORM_ADMIN)).contentType(ContentType.JSON)
                .body(body(uniqueName("sales")))
                .when().post("/datasets").then().statusCode(201);

        GenericRecord call = audited(TopicCatalog.AUDIT_API_CALLS.name(), flow);
        assertThat(call.get("actor")).hasToString("writer-erin");
        assertThat(call.get("statusCode")).isEqualTo(201);
        assertThat(call.get("outcome")).hasToString("SUCCESS");
        assertThat(call.get("path")).hasToString("/datasets");
    }

    private GenericRecord audited(String topic, String flow) throws Exception {
        ConsumerRecord<String, byte[]> record = probe.await(topic,
                r -> flow.equals(TopicProbe.header(r, "correlationId")), AUDIT_WAIT);
        return wire.decode(record.value()).record();
    }
}
