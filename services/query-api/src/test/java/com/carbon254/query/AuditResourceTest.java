package com.carbon254.query;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.carbon254.api.runtime.security.Roles;
import com.carbon254.devstack.testing.TestTokens;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/**
 * {@code GET /audit} and {@code GET /audit/verify} over a chain of 8 entries appended as the projector appends them
 * (hashes from the SQL function), verified in chunks of 3 (test profile). Each tampering is undone after its check.
 */
@QuarkusTest
@QuarkusTestResource(ReadModelResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuditResourceTest {

    private static final String ADMIN = TestTokens.forRoles(Roles.PLATFORM_ADMIN);

    static final Instant T = Instant.parse("2025-08-01T09:00:00Z");
    static final int ENTRIES = 8;

    @BeforeAll
    static void fill() {
        PlatformFixtures.execute("CREATE TABLE IF NOT EXISTS public.audit_entry_saved AS "
                + "SELECT * FROM read_model.audit_entry WITH NO DATA");
        String[][] rows = {
                { "UserAction", "alice", "CREATE", "dataset/ds-1", "SUCCESS" },
                { "ApiCall", "bob", "POST /datasets", "dataset-command", "SUCCESS" },
                { "DataAccess", "alice", "READ", "sales.orders", "SUCCESS" },
                { "UserAction", "alice", "UPDATE", "dataset/ds-1", "SUCCESS" },
                { "Security", "carol", "LOGIN", null, "DENIED" },
                { "AdminOperation", "admin", "REBUILD", "projector", "SUCCESS" },
                { "DataAccess", "bob", "READ", "sales.orders", "FAILURE" },
                { "UserAction", "alice", "DELETE", "dataset/ds-1", "SUCCESS" },
        };
        for (int i = 0; i < rows.length; i++) {
            String[] r = rows[i];
            PlatformFixtures.appendAudit(T.plusSeconds(60L * i), "audit-" + (i + 1), r[0], r[1], r[2], r[3], r[4],
                    "{\"eventType\":\"" + r[0] + "\",\"actor\":\"" + r[1] + "\",\"n\":" + (i + 1) + "}");
        }
    }

    static ValidatableResponse verify(String query) {
        return admin().get("/audit/verify" + query).then().statusCode(200);
    }

    /** Saves entry {@code seq} so that {@link #restore()} can put it back as it was. */
    static void save(long seq) {
        PlatformFixtures.execute("INSERT INTO public.audit_entry_saved SELECT * FROM read_model.audit_entry WHERE seq = ?",
                seq);
    }

    static void restore() {
        PlatformFixtures.execute("DELETE FROM read_model.audit_entry WHERE seq IN (SELECT seq FROM public.audit_entry_saved)");
        PlatformFixtures.execute("INSERT INTO read_model.audit_entry SELECT * FROM public.audit_entry_saved");
        PlatformFixtures.execute("DELETE FROM public.audit_entry_saved");
    }

    @Test
    void searchesNewestFirstWithEveryField() throws Exception {
        String genesis = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest("254carbon-audit-genesis".getBytes(StandardCharsets.UTF_8)));
        admin().get("/audit").then().statusCode(200).body("items", hasSize(ENTRIES))
                .body("items.seq", contains(8, 7, 6, 5, 4, 3, 2, 1)).body("next", nullValue())
                .body("items[7].prevHash", equalTo(genesis))
                .body("items[7].hash", matchesPattern("[0-9a-f]{64}"))
                .body("items[6].prevHash", equalTo(admin().get("/audit").path("items[7].hash").toString()))
                .body("items[7].eventId", equalTo("audit-1")).body("items[7].eventType", equalTo("UserAction"))
                .body("items[7].actor", equalTo("alice")).body("items[7].action", equalTo("CREATE"))
                .body("items[7].entity", equalTo("dataset/ds-1")).body("items[7].outcome", equalTo("SUCCESS"))
                .body("items[7].source", equalTo("test")).body("items[7].occurredAt", equalTo("2025-08-01T09:00:00Z"))
                .body("items[7].recordedAt", matchesPattern("\\d{4}-.*Z")).body("items[7].payload.n", equalTo(1))
                .body("items[3].entity", nullValue());
    }

    @Test
    void filtersByActorEntityActionAndTime() {
        admin().queryParam("actor", "alice").get("/audit").then().statusCode(200).body("items.seq", contains(8, 4, 3, 1));
        admin().queryParam("entity", "sales.orders").get("/audit").then().statusCode(200)
                .body("items.seq", contains(7, 3));
        admin().queryParam("action", "READ").queryParam("actor", "bob").get("/audit").then().statusCode(200)
                .body("items.seq", contains(7));
        admin().queryParam("action", "POST /datasets").get("/audit").then().statusCode(200)
                .body("items.actor", contains("bob"));
        // [from, to): 09:02 in, 09:05 out
        admin().queryParam("from", "2025-08-01T09:02:00Z").queryParam("to", "2025-08-01T09:05:00Z").get("/audit")
                .then().statusCode(200).body("items.seq", contains(5, 4, 3));
        admin().queryParam("actor", "nobody").get("/audit").then().statusCode(200).body("items", hasSize(0))
                .body("next", nullValue());
    }

    @Test
    void filtersByEntryTypeAndTellsWhoAccessedADataset() {
        admin().queryParam("type", "UserAction").get("/audit").then().statusCode(200).body("items.seq", contains(8, 4, 1));
        admin().queryParam("type", "dataaccess").get("/audit").then().statusCode(200).body("items.seq", contains(7, 3));
        admin().queryParam("type", "DataAccess").queryParam("dataset", "sales.orders").get("/audit").then()
                .statusCode(200).body("items.seq", contains(7, 3)).body("items.actor", contains("bob", "alice"))
                .body("items.outcome", contains("FAILURE", "SUCCESS"));
        admin().queryParam("dataset", "sales.orders").queryParam("actor", "alice").get("/audit").then().statusCode(200)
                .body("items.seq", contains(3));
        admin().queryParam("dataset", "web.clicks").get("/audit").then().statusCode(200).body("items", hasSize(0));
        admin().queryParam("type", "Nonsense").get("/audit").then().statusCode(400).body("errors[0].field",
                equalTo("type"));
        admin().queryParam("type", "ApiCall").queryParam("dataset", "sales.orders").get("/audit").then().statusCode(400)
                .body("errors[0].field", equalTo("dataset"));
    }

    @Test
    void pagesWithAKeysetCursor() {
        admin().queryParam("limit", 3).get("/audit").then().statusCode(200).body("items.seq", contains(8, 7, 6))
                .body("next", equalTo("6"));
        admin().queryParam("limit", 3).queryParam("after", "6").get("/audit").then().statusCode(200)
                .body("items.seq", contains(5, 4, 3)).body("next", equalTo("3"));
        admin().queryParam("limit", 3).queryParam("after", "3").get("/audit").then().statusCode(200)
                .body("items.seq", contains(2, 1)).body("next", nullValue());
        // exactly one page's worth: no next
        admin().queryParam("actor", "alice").queryParam("limit", 4).get("/audit").then().statusCode(200)
                .body("items", hasSize(4)).body("next", nullValue());
        admin().queryParam("actor", "alice").queryParam("limit", 2).get("/audit").then().statusCode(200)
                .body("items.seq", contains(8, 4)).body("next", equalTo("4"));
        admin().queryParam("actor", "alice").queryParam("limit", 2).queryParam("after", "4").get("/audit").then()
                .statusCode(200).body("items.seq", contains(3, 1)).body("next", nullValue());
    }

    @Test
    void rejectsBadSearchParameters() {
        admin().queryParam("from", "last week").queryParam("limit", 0).queryParam("after", "x").get("/audit").then()
                .statusCode(400).contentType("application/problem+json")
                .body("errors.field", containsInAnyOrder("from", "limit", "after"));
        admin().queryParam("limit", 101).get("/audit").then().statusCode(400).body("errors[0].field", equalTo("limit"));
        admin().queryParam("after", 0).get("/audit").then().statusCode(400).body("errors[0].field", equalTo("after"));
        admin().queryParam("to", "soon").get("/audit").then().statusCode(400).body("errors[0].field", equalTo("to"));
        admin().queryParam("from", "2025-08-01T09:05:00Z").queryParam("to", "2025-08-01T09:05:00Z").get("/audit")
                .then().statusCode(400).body("errors[0].field", equalTo("from"));
    }

    @Test
    void verifiesAnIntactChainInChunks() {
        verify("").body("valid", equalTo(true)).body("entriesChecked", equalTo(ENTRIES)).body("firstSeq", equalTo(1))
                .body("lastSeq", equalTo(ENTRIES)).body("firstInvalidSeq", nullValue()).body("problem", nullValue());
        verify("?fromSeq=3&toSeq=7").body("valid", equalTo(true)).body("entriesChecked", equalTo(5))
                .body("firstSeq", equalTo(3)).body("lastSeq", equalTo(7));
        verify("?fromSeq=6").body("valid", equalTo(true)).body("entriesChecked", equalTo(3));
        verify("?toSeq=1").body("valid", equalTo(true)).body("entriesChecked", equalTo(1));
        verify("?fromSeq=100").body("valid", equalTo(true)).body("entriesChecked", equalTo(0));
    }

    @Test
    void detectsATamperedEntry() {
        for (String change : new String[] { "actor = 'mallory'", "payload = '{\"n\": 5}'::jsonb",
                "occurred_at = occurred_at + interval '1 microsecond'", "entity = 'x'", "hash = sha256('x')" }) {
            save(5);
            try {
                PlatformFixtures.execute("UPDATE read_model.audit_entry SET " + change + " WHERE seq = 5");
                verify("").body("valid", equalTo(false)).body("firstInvalidSeq", equalTo(5))
                        .body("problem", containsString("altered")).body("entriesChecked", equalTo(5));
                // a range that ends before it stays valid; one that starts at it does not
                verify("?toSeq=4").body("valid", equalTo(true));
                verify("?fromSeq=5&toSeq=5").body("valid", equalTo(false)).body("firstInvalidSeq", equalTo(5));
            } finally {
                restore();
            }
        }
        verify("").body("valid", equalTo(true));
    }

    @Test
    void detectsADeletedEntry() {
        save(4);
        try {
            PlatformFixtures.execute("DELETE FROM read_model.audit_entry WHERE seq = 4");
            verify("").body("valid", equalTo(false)).body("firstInvalidSeq", equalTo(4))
                    .body("problem", containsString("entry 4 is missing")).body("lastSeq", equalTo(3));
        } finally {
            restore();
        }
        // the newest entry: only the chain head knows it existed
        save(ENTRIES);
        try {
            PlatformFixtures.execute("DELETE FROM read_model.audit_entry WHERE seq = ?", (long) ENTRIES);
            verify("").body("valid", equalTo(false)).body("firstInvalidSeq", equalTo(ENTRIES))
                    .body("problem", containsString("missing"));
        } finally {
            restore();
        }
        // several in a row, across a chunk boundary
        save(3);
        save(4);
        try {
            PlatformFixtures.execute("DELETE FROM read_model.audit_entry WHERE seq IN (3, 4)");
            verify("").body("valid", equalTo(false)).body("firstInvalidSeq", equalTo(3))
                    .body("problem", containsString("entries 3 to 4 are missing"));
        } finally {
            restore();
        }
        verify("").body("valid", equalTo(true));
    }

    @Test
    void detectsABrokenLink() {
        // entry 6 rewritten consistently (its own hash recomputed): it verifies alone, but 7 no longer links to it
        save(6);
        try {
            PlatformFixtures.execute("UPDATE read_model.audit_entry SET actor = 'mallory', hash = "
                    + "read_model.audit_entry_hash(prev_hash, seq, occurred_at, event_id, event_type, 'mallory', action, "
                    + "entity, outcome, source, payload) WHERE seq = 6");
            verify("?toSeq=6").body("valid", equalTo(true));
            verify("").body("valid", equalTo(false)).body("firstInvalidSeq", equalTo(7))
                    .body("problem", containsString("does not link to entry 6"));
        } finally {
            restore();
        }
        // entry 1 re-chained to another genesis
        save(1);
        try {
            PlatformFixtures.execute("UPDATE read_model.audit_entry SET prev_hash = sha256('other'), hash = "
                    + "read_model.audit_entry_hash(sha256('other'), seq, occurred_at, event_id, event_type, actor, "
                    + "action, entity, outcome, source, payload) WHERE seq = 1");
            verify("").body("valid", equalTo(false)).body("firstInvalidSeq", equalTo(1))
                    .body("problem", containsString("genesis"));
        } finally {
            restore();
        }
        // the chain head no longer names the last entry's hash
        PlatformFixtures.execute("UPDATE read_model.audit_chain_head SET hash = sha256('x')");
        try {
            verify("").body("valid", equalTo(false)).body("firstInvalidSeq", equalTo(ENTRIES))
                    .body("problem", containsString("chain head"));
        } finally {
            PlatformFixtures.execute("UPDATE read_model.audit_chain_head SET hash = "
                    + "(SELECT hash FROM read_model.audit_entry WHERE seq = ?)", (long) ENTRIES);
        }
        verify("").body("valid", equalTo(true));
    }

    @Test
    void rejectsBadVerificationRanges() {
        admin().get("/audit/verify?fromSeq=0&toSeq=abc").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", containsInAnyOrder("fromSeq", "toSeq"));
        admin().get("/audit/verify?fromSeq=5&toSeq=3").then().statusCode(400)
                .body("errors[0].field", equalTo("fromSeq"));
    }

    /** Runs last: it lengthens the chain the other tests count on. */
    @Test
    @Order(Integer.MAX_VALUE)
    void verifiesALongChainChunkByChunk() {
        // 3000 more entries, appended in SQL exactly as above (head locked, hash by audit_entry_hash, head advanced)
        PlatformFixtures.execute("""
                DO $$
                DECLARE
                    head record;
                    at timestamptz;
                    entry_hash bytea;
                BEGIN
                    FOR i IN 1..3000 LOOP
                        SELECT seq, hash INTO head FROM read_model.audit_chain_head FOR UPDATE;
                        at := timestamptz '2025-08-02T00:00:00Z' + i * interval '1 second';
                        entry_hash := read_model.audit_entry_hash(head.hash, head.seq + 1, at, 'bulk-' || i, 'ApiCall',
                            'bulk', 'GET /datasets', 'query-api', 'SUCCESS', 'test', jsonb_build_object('n', i));
                        INSERT INTO read_model.audit_entry (seq, occurred_at, event_id, event_type, actor, action,
                            entity, outcome, source, payload, kafka_topic, kafka_partition, kafka_offset, prev_hash,
                            hash)
                        VALUES (head.seq + 1, at, 'bulk-' || i, 'ApiCall', 'bulk', 'GET /datasets', 'query-api',
                            'SUCCESS', 'test', jsonb_build_object('n', i), 'audit-api-calls', 0, i, head.hash,
                            entry_hash);
                        UPDATE read_model.audit_chain_head SET seq = head.seq + 1, hash = entry_hash;
                    END LOOP;
                END
                $$""");
        long total = ENTRIES + 3000;
        // 1003 statements of 3 entries each (test profile)
        verify("").body("valid", equalTo(true)).body("entriesChecked", equalTo((int) total))
                .body("lastSeq", equalTo((int) total));
        save(2500);
        try {
            PlatformFixtures.execute("UPDATE read_model.audit_entry SET outcome = 'FAILURE' WHERE seq = 2500");
            verify("").body("valid", equalTo(false)).body("firstInvalidSeq", equalTo(2500))
                    .body("entriesChecked", equalTo(2500));
        } finally {
            restore();
        }
        admin().queryParam("actor", "bulk").queryParam("limit", 100).get("/audit").then().statusCode(200)
                .body("items", hasSize(100)).body("items[0].seq", equalTo((int) total))
                .body("next", equalTo(Long.toString(total - 99)));
    }

    /** A request with the token of an auditor (the audit trail and dead letters require platform:admin). */
    private static RequestSpecification admin() {
        return given().auth().oauth2(ADMIN);
    }
}
