package com.carbon254.query;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.carbon254.api.runtime.security.Roles;
import com.carbon254.devstack.testing.TestTokens;
import com.carbon254.events.catalog.TopicCatalog;
import com.carbon254.events.runtime.testing.ConfluentWireReader;
import com.carbon254.events.runtime.testing.TopicProbe;
import com.carbon254.query.ReadModelFixtures.State;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

/**
 * Every read of dataset data leaves DataAccess events on audit-data-access, read back from the real broker with an
 * independent Confluent-wire reader: who (the token's subject), which dataset, how many rows, the request, the outcome,
 * and that the query API recorded it (submittedBy).
 */
@QuarkusTest
@QuarkusTestResource(ReadModelResource.class)
class DataAccessAuditTest {

    private static final Duration AUDIT_WAIT = Duration.ofSeconds(60);
    private static final String READER = TestTokens.forSubject("local-datasets-reader", Roles.DATASETS_READ);
    private static final Instant T0 = Instant.parse("2025-05-01T10:00:00Z");

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "carbon254.registry.ccompat-url")
    String ccompatUrl;

    TopicProbe probe;
    ConfluentWireReader wire;

    @BeforeAll
    static void fill() throws Exception {
        ReadModelFixtures.event("DatasetCreated", new State("ds-audited", 1, "audited.orders", "Orders, audited",
                "team-audit", "parquet", "ACTIVE", List.of("audit"), T0, "alice"), T0, "alice");
        ReadModelFixtures.event("DatasetUpdated", new State("ds-audited", 2, "audited.orders", "Orders, audited twice",
                "team-audit", "parquet", "ACTIVE", List.of("audit"), T0.plusSeconds(60), "bob"), T0, "alice");
    }

    /** Deleted again, so that the other tests' lists and facets do not see it. */
    @AfterAll
    static void remove() throws Exception {
        ReadModelFixtures.event("DatasetDeleted", new State("ds-audited", 3, "audited.orders", null, null, null, null,
                List.of(), T0.plusSeconds(120), "alice"), T0, "alice");
    }

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
    void readingADatasetWithTheReaderTokenLeavesADataAccessEventNamingTheReader() throws Exception {
        String flow = flow();
        reader(flow).get("/datasets/ds-audited").then().statusCode(200);

        GenericRecord access = accessOf(flow);
        assertThat(access.get("actor")).hasToString("local-datasets-reader");
        assertThat(access.get("datasetName")).hasToString("audited.orders");
        assertThat(access.get("accessType")).hasToString("READ");
        assertThat(access.get("outcome")).hasToString("SUCCESS");
        assertThat(access.get("rowCount")).isEqualTo(1L);
        assertThat(access.get("query")).hasToString("GET /datasets/ds-audited");
        assertThat(access.get("submittedBy")).hasToString("service:query-api");
        assertThat(access.get("source")).hasToString("query-api");
        assertThat(access.get("engine")).hasToString("query-api");
    }

    @Test
    void historySearchAndAsOfReadsAreAuditedWithWhatTheyReturned() throws Exception {
        String history = flow();
        reader(history).get("/datasets/ds-audited/history").then().statusCode(200);
        GenericRecord historyAccess = accessOf(history);
        assertThat(historyAccess.get("datasetName")).hasToString("audited.orders");
        assertThat(historyAccess.get("rowCount")).as("the events returned").isEqualTo(2L);

        String search = flow();
        reader(search).queryParam("q", "audited").queryParam("owner", "team-audit").get("/datasets/search").then()
                .statusCode(200);
        GenericRecord searchAccess = accessOf(search);
        assertThat(searchAccess.get("datasetName")).hasToString("audited.orders");
        assertThat(searchAccess.get("query")).hasToString("GET /datasets/search?q=audited&owner=team-audit");

        String asOf = flow();
        reader(asOf).queryParam("asOf", T0.plusSeconds(30).toString()).get("/datasets/ds-audited").then()
                .statusCode(200);
        assertThat(accessOf(asOf).get("query").toString()).startsWith("GET /datasets/ds-audited?asOf=");
    }

    @Test
    void aReadThatFindsNothingIsAuditedAsAFailureUnderTheIdAskedFor() throws Exception {
        String flow = flow();
        reader(flow).get("/datasets/ds-never-there").then().statusCode(404);
        GenericRecord access = accessOf(flow);
        assertThat(access.get("datasetName")).hasToString("ds-never-there");
        assertThat(access.get("outcome")).hasToString("FAILURE");
        assertThat(access.get("rowCount")).isNull();
    }

    private static String flow() {
        return "flow-" + UUID.randomUUID();
    }

    private static RequestSpecification reader(String flow) {
        return given().auth().oauth2(READER).header("X-Correlation-Id", flow);
    }

    private GenericRecord accessOf(String flow) throws Exception {
        ConsumerRecord<String, byte[]> record = probe.await(TopicCatalog.AUDIT_DATA_ACCESS.name(),
                r -> flow.equals(TopicProbe.header(r, "correlationId")), AUDIT_WAIT);
        assertThat(record.key()).as("keyed by actor").isEqualTo("local-datasets-reader");
        return wire.decode(record.value()).record();
    }
}
