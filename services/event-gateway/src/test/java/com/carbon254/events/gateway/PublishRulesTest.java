package com.carbon254.events.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
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
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Who may publish what through the gateway: the catalog's PublishRule, and who submitted each audit entry. */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedStackResource.class,
        initArgs = @ResourceArg(name = EmbeddedStackResource.COMPONENTS, value = "kafka,registry"))
class PublishRulesTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

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

    static String adminOperation(String actor) {
        return """
                {"source": "ops-console", "actor": "%s", "operation": "projection.rebuild", "target": "datasets",
                 "parameters": {"from": "beginning"}, "outcome": "SUCCESS", "reason": null}""".formatted(actor);
    }

    static String datasetCreated(String datasetId) {
        return """
                {"source": "catalog", "datasetId": "%s", "datasetVersion": 99, "name": "sales.orders", "owner": "mallory",
                 "format": "iceberg", "location": "s3://elsewhere", "status": "ACTIVE", "createdBy": "mallory",
                 "columns": []}""".formatted(datasetId);
    }

    @Test
    void aProducerTokenCannotRecordAnAuditEntry() {
        String audit = TopicCatalog.AUDIT_ADMIN_OPERATIONS.name();
        Map<TopicPartition, Long> before = probe.endOffsets(List.of(audit));

        given().auth().oauth2(TestTokens.forSubject("producer-pete", Roles.EVENTS_WRITE)).contentType(ContentType.JSON)
                .body(adminOperation("admin-alice"))
                .when().post("/events/AdminOperation")
                .then().statusCode(403)
                .contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo("urn:carbon254:problem:publish-forbidden"))
                .body("publishRule", equalTo("AUDIT_RECORDER"))
                .body("requiredRole", equalTo(Roles.AUDIT_WRITE))
                .body("detail", containsString("audit:write"));

        assertThat(probe.endOffsets(List.of(audit))).as("nothing recorded").isEqualTo(before);
    }

    @Test
    void nobodyPublishesThePlatformsOwnFactsThroughTheGatewayNotEvenAnAdmin() {
        String admin = TestTokens.forRoles(Roles.PLATFORM_ADMIN);
        String datasetId = UUID.randomUUID().toString();
        Map<TopicPartition, Long> before = probe.endOffsets(List.of(TopicCatalog.DATA_EVENTS.name(),
                TopicCatalog.DATA_INGESTION_AGGREGATED.name()));

        given().auth().oauth2(admin).contentType(ContentType.JSON).body(datasetCreated(datasetId))
                .when().post("/events/DatasetCreated")
                .then().statusCode(403)
                .contentType(Problem.MEDIA_TYPE)
                .body("publishRule", equalTo("PLATFORM"))
                .body("detail", containsString("never a client through the gateway"));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("[" + datasetCreated(datasetId) + "]")
                .when().post("/events/DatasetCreated/batch")
                .then().statusCode(403)
                .body("type", equalTo("urn:carbon254:problem:publish-forbidden"));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("{}")
                .when().post("/events/DataIngestionAggregated")
                .then().statusCode(403)
                .body("publishRule", equalTo("PLATFORM"));

        assertThat(probe.endOffsets(List.of(TopicCatalog.DATA_EVENTS.name(),
                TopicCatalog.DATA_INGESTION_AGGREGATED.name()))).as("nothing published").isEqualTo(before);
    }

    @Test
    void anAuditRecorderRecordsAuditEntriesSubmittedUnderItsOwnIdentityButPublishesNoData() throws Exception {
        String recorder = TestTokens.forSubject("portal-audit", Roles.AUDIT_WRITE);
        String actor = "alice-" + UUID.randomUUID();

        given().auth().oauth2(recorder).contentType(ContentType.JSON).body(adminOperation(actor))
                .when().post("/events/AdminOperation")
                .then().statusCode(202);
        given().auth().oauth2(recorder).contentType(ContentType.JSON)
                .body(adminOperation(actor).replace("\"reason\": null", "\"submittedBy\": \"service:projector\""))
                .when().post("/events/AdminOperation")
                .then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.hasItem("submittedBy"));
        given().auth().oauth2(recorder).contentType(ContentType.JSON)
                .body(EventResourceTest.ingestion("ds-" + UUID.randomUUID()))
                .when().post("/events/DataIngestion")
                .then().statusCode(403)
                .body("requiredRole", equalTo(Roles.EVENTS_WRITE));

        ConsumerRecord<String, byte[]> recorded = probe.await(TopicCatalog.AUDIT_ADMIN_OPERATIONS.name(),
                r -> actor.equals(r.key()), WAIT);
        GenericRecord operation = wire.decode(recorded.value()).record();
        assertThat(operation.get("actor")).as("the claimed actor").hasToString(actor);
        assertThat(operation.get("submittedBy")).as("who really submitted it").hasToString("portal-audit");
    }

    @Test
    void theAdminRoleImpliesAuditWrite() {
        given().auth().oauth2(TestTokens.forRoles(Roles.PLATFORM_ADMIN)).contentType(ContentType.JSON)
                .body(adminOperation("ops-" + UUID.randomUUID()))
                .when().post("/events/AdminOperation")
                .then().statusCode(202);
    }
}
