package com.carbon254.events.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.carbon254.api.runtime.audit.AdminOperations;
import com.carbon254.api.runtime.rest.Problem;
import com.carbon254.api.runtime.security.Roles;
import com.carbon254.api.runtime.security.TokenVerificationCache;
import com.carbon254.devstack.testing.EmbeddedStackResource;
import com.carbon254.devstack.testing.TestTokens;
import com.carbon254.events.catalog.TopicCatalog;
import com.carbon254.events.common.Outcome;
import com.carbon254.events.runtime.testing.ConfluentWireReader;
import com.carbon254.events.runtime.testing.TopicProbe;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.restassured.specification.RequestSpecification;

/**
 * The gateway's API security with real tokens, broker and registry: who may publish, what a refusal looks like, and
 * that every call (refused or not) is audited on audit-api-calls, refusals also on security-events.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedStackResource.class,
        initArgs = @ResourceArg(name = EmbeddedStackResource.COMPONENTS, value = "kafka,registry"))
class ApiSecurityTest {

    private static final String INGESTION_TOPIC = TopicCatalog.DATA_INGESTION.name();
    private static final Duration AUDIT_WAIT = Duration.ofSeconds(60);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "carbon254.registry.ccompat-url")
    String ccompatUrl;

    @Inject
    AdminOperations adminOperations;

    @Inject
    JWTParser tokenParser;

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
    void aWriteWithoutTokenIsRefused401PublishesNothingAndIsAudited() throws Exception {
        Map<TopicPartition, Long> before = probe.endOffsets(List.of(INGESTION_TOPIC));
        String flow = "flow-" + UUID.randomUUID();

        request(flow).body(EventResourceTest.ingestion("ds-" + UUID.randomUUID()))
                .when().post("/events/DataIngestion")
                .then().statusCode(401)
                .contentType(Problem.MEDIA_TYPE)
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("type", equalTo("urn:carbon254:problem:unauthenticated"))
                .body("status", equalTo(401))
                .body("instance", equalTo("/events/DataIngestion"));

        assertThat(probe.endOffsets(List.of(INGESTION_TOPIC))).as("nothing published").isEqualTo(before);
        GenericRecord call = apiCall(flow);
        assertThat(call.get("actor")).hasToString("anonymous");
        assertThat(call.get("statusCode")).isEqualTo(401);
        assertThat(call.get("outcome")).hasToString(Outcome.DENIED.name());
        assertThat(call.get("method")).hasToString("POST");
        assertThat(call.get("path")).hasToString("/events/{eventType}");
        assertThat(call.get("service")).hasToString("event-gateway");
        assertThat(call.get("submittedBy")).as("recorded by the gateway itself").hasToString("service:event-gateway");
        GenericRecord refusal = securityEvent(flow);
        assertThat(refusal.get("submittedBy")).hasToString("service:event-gateway");
        assertThat(refusal.get("principal")).hasToString("anonymous");
        assertThat(refusal.get("action")).hasToString("AUTHENTICATE");
        assertThat(refusal.get("reason").toString()).contains("bearer token is required");
    }

    @Test
    void bearerTokensAreVerifiedThroughTheVerificationCacheAndAnAcceptedTokenStaysAcceptedOnLaterCalls() {
        assertThat(tokenParser).isInstanceOf(TokenVerificationCache.class);
        String token = TestTokens.forRoles(Roles.EVENTS_WRITE);
        for (int call = 0; call < 2; call++) {
            given().auth().oauth2(token).contentType(ContentType.JSON)
                    .body(EventResourceTest.ingestion("ds-" + UUID.randomUUID()))
                    .when().post("/events/DataIngestion")
                    .then().statusCode(202);
        }
    }

    @Test
    void expiredTokensAndTokensOfAnUnknownKeyAreRefused401() {
        for (String token : List.of(TestTokens.expired(Roles.EVENTS_WRITE), TestTokens.signedByUnknownKey(Roles.EVENTS_WRITE),
                "not-a-jwt")) {
            given().auth().oauth2(token).contentType(ContentType.JSON)
                    .body(EventResourceTest.ingestion("ds-" + UUID.randomUUID()))
                    .when().post("/events/DataIngestion")
                    .then().statusCode(401)
                    .header("WWW-Authenticate", startsWith("Bearer"))
                    .body("type", equalTo("urn:carbon254:problem:unauthenticated"));
        }
    }

    @Test
    void aTokenWithoutTheRoleIsRefused403AndAuditedWithItsSubject() throws Exception {
        Map<TopicPartition, Long> before = probe.endOffsets(List.of(INGESTION_TOPIC));
        String flow = "flow-" + UUID.randomUUID();

        request(flow).auth().oauth2(TestTokens.forSubject("reader-bob", Roles.DATASETS_READ))
                .body("[" + EventResourceTest.ingestion("ds-" + UUID.randomUUID()) + "]")
                .when().post("/events/DataIngestion/batch")
                .then().statusCode(403)
                .contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo("urn:carbon254:problem:forbidden"))
                .body("status", equalTo(403));

        assertThat(probe.endOffsets(List.of(INGESTION_TOPIC))).as("nothing published").isEqualTo(before);
        GenericRecord call = apiCall(flow);
        assertThat(call.get("actor")).hasToString("reader-bob");
        assertThat(call.get("statusCode")).isEqualTo(403);
        assertThat(call.get("outcome")).hasToString(Outcome.DENIED.name());
        assertThat(call.get("path")).hasToString("/events/{eventType}/batch");
        GenericRecord refusal = securityEvent(flow);
        assertThat(refusal.get("principal")).hasToString("reader-bob");
        assertThat(refusal.get("action")).hasToString("AUTHORIZE");
        assertThat(refusal.get("outcome")).hasToString(Outcome.DENIED.name());
    }

    @Test
    void aWriterIsAcceptedAndItsCallAuditedWithActorStatusAndLatency() throws Exception {
        String flow = "flow-" + UUID.randomUUID();
        String requestId = "req-" + UUID.randomUUID();

        request(flow).auth().oauth2(TestTokens.forSubject("writer-alice", Roles.EVENTS_WRITE))
                .header("X-Request-Id", requestId).header("User-Agent", "security-test/1")
                .body(EventResourceTest.ingestion("ds-" + UUID.randomUUID()))
                .when().post("/events/DataIngestion")
                .then().statusCode(202);

        ConsumerRecord<String, byte[]> record = probe.await(TopicCatalog.AUDIT_API_CALLS.name(),
                r -> flow.equals(TopicProbe.header(r, "correlationId")), AUDIT_WAIT);
        assertThat(record.key()).as("keyed by actor").isEqualTo("writer-alice");
        GenericRecord call = wire.decode(record.value()).record();
        assertThat(call.get("actor")).hasToString("writer-alice");
        assertThat(call.get("statusCode")).isEqualTo(202);
        assertThat(call.get("outcome")).hasToString(Outcome.SUCCESS.name());
        assertThat(call.get("path")).hasToString("/events/{eventType}");
        assertThat(call.get("requestId")).hasToString(requestId);
        assertThat(call.get("userAgent")).hasToString("security-test/1");
        assertThat(call.get("clientIp")).hasToString("127.0.0.1");
        assertThat((Long) call.get("latencyMs")).isNotNegative();
        assertThat(call.get("source")).hasToString("event-gateway");
    }

    @Test
    void anAdminTokenHoldsEveryRole() {
        given().auth().oauth2(TestTokens.forRoles(Roles.PLATFORM_ADMIN)).contentType(ContentType.JSON)
                .body(EventResourceTest.ingestion("ds-" + UUID.randomUUID()))
                .when().post("/events/DataIngestion")
                .then().statusCode(202);
    }

    @Test
    void healthMetricsAndOpenApiStayOpenAndTheDocumentNamesTheBearerScheme() {
        given().auth().oauth2("not-a-jwt").when().get("/q/health/live").then().statusCode(200);
        given().when().get("/q/metrics").then().statusCode(200);
        given().accept(ContentType.JSON).when().get("/q/openapi?format=json").then().statusCode(200)
                .body("components.securitySchemes.bearer.type", equalTo("http"))
                .body("components.securitySchemes.bearer.scheme", equalTo("bearer"))
                .body("paths.'/events/{eventType}'.post.security", not(equalTo(null)))
                .body("paths.'/events/{eventType}'.post.responses.'401'", not(equalTo(null)))
                .body("paths.'/events/{eventType}'.post.responses.'403'", not(equalTo(null)));
    }

    @Test
    void adminOperationsArePublishedToTheirAuditTopic() throws Exception {
        String flow = "flow-" + UUID.randomUUID();

        adminOperations.record("ops-carol", "REBUILD_READ_MODELS", "datasets", Map.of("from", "2025-01-01T00:00:00Z"),
                Outcome.SUCCESS, "ticket OPS-1", flow).await().atMost(AUDIT_WAIT);

        ConsumerRecord<String, byte[]> record = probe.await(TopicCatalog.AUDIT_ADMIN_OPERATIONS.name(),
                r -> flow.equals(TopicProbe.header(r, "correlationId")), AUDIT_WAIT);
        assertThat(record.key()).isEqualTo("ops-carol");
        GenericRecord operation = wire.decode(record.value()).record();
        assertThat(operation.get("operation")).hasToString("REBUILD_READ_MODELS");
        assertThat(operation.get("target")).hasToString("datasets");
        assertThat(operation.get("parameters").toString()).contains("2025-01-01T00:00:00Z");
        assertThat(operation.get("outcome")).hasToString(Outcome.SUCCESS.name());
        assertThat(operation.get("reason")).hasToString("ticket OPS-1");
        assertThat(operation.get("submittedBy")).hasToString("service:event-gateway");
    }

    private static RequestSpecification request(String correlationId) {
        return given().contentType(ContentType.JSON).header("X-Correlation-Id", correlationId);
    }

    private GenericRecord apiCall(String flow) throws Exception {
        return decode(probe.await(TopicCatalog.AUDIT_API_CALLS.name(),
                r -> flow.equals(TopicProbe.header(r, "correlationId")), AUDIT_WAIT));
    }

    private GenericRecord securityEvent(String flow) throws Exception {
        return decode(probe.await(TopicCatalog.SECURITY_EVENTS.name(),
                r -> flow.equals(TopicProbe.header(r, "correlationId")), AUDIT_WAIT));
    }

    private GenericRecord decode(ConsumerRecord<String, byte[]> record) throws Exception {
        return wire.decode(record.value()).record();
    }
}
