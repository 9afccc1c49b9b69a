package com.carbon254.reliability;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import com.carbon254.devstack.security.LocalToken;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The read models as PostgreSQL and the search node hold them, compared with the ledger. Plain SQL and plain HTTP:
 * the definitions used (table columns, the audit hash) are the read-model contract's, re-stated here.
 */
final class ReadModelChecks {

    private static final long WINDOW_MILLIS = Duration.ofMinutes(5).toMillis();

    private final PlatformUnderTest platform;
    private final Ledger ledger;

    ReadModelChecks(PlatformUnderTest platform, Ledger ledger) {
        this.platform = platform;
        this.ledger = ledger;
    }

    record Commands(long accepted, long visible, int datasets, int wrong, String firstWrong) {
        boolean complete() {
            return wrong == 0 && visible == accepted;
        }

        String detail() {
            return String.format(Locale.ROOT, "%,d of %,d commands on %,d datasets%s", visible, accepted, datasets,
                    wrong == 0 ? "" : "; " + wrong + " datasets differ, e.g. " + firstWrong);
        }
    }

    /**
     * Every dataset with accepted commands is in the read model at the version of its last accepted command (deleted
     * if that was a delete); when its last command went unanswered, at that version or the next.
     */
    Commands commands() throws SQLException {
        record Row(long version, boolean deleted) {
        }
        Map<String, Row> rows = new HashMap<>();
        try (Connection db = platform.database(); Statement sql = db.createStatement();
             ResultSet rs = sql.executeQuery("SELECT id, version, deleted FROM read_model.dataset WHERE name LIKE '"
                     + CommandTraffic.NAME_PREFIX + "%'")) {
            while (rs.next()) {
                rows.put(rs.getString(1), new Row(rs.getLong(2), rs.getBoolean(3)));
            }
        }
        long accepted = 0;
        long visible = 0;
        int datasets = 0;
        int wrong = 0;
        String firstWrong = null;
        for (Ledger.DatasetCommands dataset : ledger.datasets()) {
            int commands = dataset.accepted.get();
            if (commands == 0 || dataset.id == null) {
                continue;
            }
            datasets++;
            accepted += commands;
            Row row = rows.get(dataset.id);
            boolean matches = row != null && (dataset.uncertain
                    ? row.version == dataset.version || row.version == dataset.version + 1
                    : row.version == dataset.version && row.deleted == dataset.deleted);
            if (matches) {
                visible += commands;
            } else {
                // Commands got versions 1..n in order: those at or below the row's version took effect.
                visible += row == null ? 0 : Math.min(commands, row.version);
                wrong++;
                if (firstWrong == null) {
                    firstWrong = dataset.name + " expected v" + dataset.version + (dataset.deleted ? " deleted" : "")
                            + ", read model " + (row == null ? "none" : "v" + row.version + (row.deleted ? " deleted" : ""));
                }
            }
        }
        return new Commands(accepted, visible, datasets, wrong, firstWrong);
    }

    /** The search index holds exactly the live datasets of PostgreSQL, each at its version (the document's version). */
    EndChecks.Check searchEqualsDatabase() throws Exception {
        Map<String, Long> database = new HashMap<>();
        try (Connection db = platform.database(); Statement sql = db.createStatement();
             ResultSet rs = sql.executeQuery("SELECT id, version FROM read_model.dataset WHERE NOT deleted")) {
            while (rs.next()) {
                database.put(rs.getString(1), rs.getLong(2));
            }
        }
        Map<String, Long> index = new HashMap<>();
        String search = platform.endpoints().searchUrl().replaceAll("/+$", "");
        JsonNode page = searchCall(search + "/datasets/_search?scroll=1m",
                "{\"size\":5000,\"version\":true,\"_source\":false,\"sort\":[\"_doc\"]}");
        while (page.path("hits").path("hits").size() > 0) {
            for (JsonNode hit : page.path("hits").path("hits")) {
                index.put(hit.path("_id").asText(), hit.path("_version").asLong());
            }
            page = searchCall(search + "/_search/scroll",
                    "{\"scroll\":\"1m\",\"scroll_id\":\"" + page.path("_scroll_id").asText() + "\"}");
        }
        int differing = 0;
        for (String id : database.keySet()) {
            differing += Objects.equals(database.get(id), index.get(id)) ? 0 : 1;
        }
        for (String id : index.keySet()) {
            differing += database.containsKey(id) ? 0 : 1;
        }
        return new EndChecks.Check("search index = PostgreSQL", differing == 0, String.format(Locale.ROOT,
                "%,d live datasets, %,d documents, %d differ", database.size(), index.size(), differing));
    }

    private JsonNode searchCall(String url, String body) throws Exception {
        HttpResponse<String> response = platform.http().send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
        }
        return Http.JSON.readTree(response.body());
    }

    record Windows(int expected, int differing, long duplicateEffects, String firstDifference) {
        boolean equal() {
            return differing == 0;
        }

        String detail() {
            return String.format(Locale.ROOT, "%d windows, %d differ, %d events counted twice%s", expected, differing,
                    duplicateEffects, firstDifference == null ? "" : "; e.g. " + firstDifference);
        }
    }

    /** Window totals of one dataset and five minutes. */
    private record Totals(long events, long records, long bytes, long success, long failure, long partial) {
        Totals plus(Ledger.Ingestion e) {
            return new Totals(events + 1, records + e.recordCount(), bytes + e.sizeBytes(),
                    success + ("SUCCESS".equals(e.status()) ? 1 : 0), failure + ("FAILURE".equals(e.status()) ? 1 : 0),
                    partial + ("PARTIAL".equals(e.status()) ? 1 : 0));
        }
    }

    /**
     * The ingestion windows of the load's datasets equal a fold of the DataIngestion events that are on the topic (sent
     * events the gateway stored without acknowledging them count too: the aggregation sees them), each eventId once.
     */
    Windows windows(Map<String, Integer> onTopics) throws SQLException {
        record Key(String dataset, long windowStart) {
        }
        Map<Key, Totals> fold = new HashMap<>();
        ledger.events().forEach((id, event) -> {
            if (event.ingestion != null && onTopics.getOrDefault(id, 0) > 0) {
                long start = Math.floorDiv(event.ingestion.timestamp().toEpochMilli(), WINDOW_MILLIS) * WINDOW_MILLIS;
                fold.merge(new Key(event.ingestion.dataset(), start), new Totals(0, 0, 0, 0, 0, 0).plus(event.ingestion),
                        (a, b) -> new Totals(a.events + b.events, a.records + b.records, a.bytes + b.bytes,
                                a.success + b.success, a.failure + b.failure, a.partial + b.partial));
            }
        });
        Map<Key, Totals> readModel = new HashMap<>();
        try (Connection db = platform.database(); Statement sql = db.createStatement();
             ResultSet rs = sql.executeQuery("SELECT dataset_name, window_start, event_count, total_record_count, "
                     + "total_size_bytes, success_count, failure_count, partial_count FROM read_model.ingestion_window "
                     + "WHERE dataset_name LIKE '" + EventTraffic.DATASET_PREFIX + "%'")) {
            while (rs.next()) {
                readModel.put(new Key(rs.getString(1), rs.getTimestamp(2).getTime()), new Totals(rs.getLong(3),
                        rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8)));
            }
        }
        int differing = 0;
        long duplicateEffects = 0;
        String first = null;
        for (Map.Entry<Key, Totals> expected : fold.entrySet()) {
            Totals actual = readModel.get(expected.getKey());
            if (!expected.getValue().equals(actual)) {
                differing++;
                duplicateEffects += actual == null ? 0 : Math.max(0, actual.events - expected.getValue().events);
                if (first == null) {
                    first = expected.getKey() + " fold " + expected.getValue() + ", read model " + actual;
                }
            }
        }
        differing += (int) readModel.keySet().stream().filter(k -> !fold.containsKey(k)).count();
        return new Windows(fold.size(), differing, duplicateEffects, first);
    }

    record Audit(long entries, long badHashes, long brokenLinks, long duplicates, long gatewayCalls,
                 long gatewayCallsAccepted) {
        boolean verifies() {
            return entries > 0 && badHashes == 0 && brokenLinks == 0 && duplicates == 0;
        }

        /** Every call the gateway answered 202 is in the trail (calls without an answer may be too). */
        boolean complete() {
            return gatewayCalls >= gatewayCallsAccepted;
        }

        String detail() {
            return String.format(Locale.ROOT, "%,d entries, %d bad hashes, %d broken links, %d events twice", entries,
                    badHashes, brokenLinks, duplicates);
        }
    }

    /**
     * The chain from genesis: each entry's hash is sha256(prev_hash || its fields as one JSON array) — version 2 of the
     * read-model contract's definition, written out again here — each prev_hash is the previous entry's hash, the
     * sequence has no gap, and no eventId is in the trail twice.
     */
    Audit audit() throws SQLException {
        String chain = """
                WITH e AS (
                  SELECT seq, prev_hash, hash,
                         lag(hash) OVER (ORDER BY seq) AS previous_hash, lag(seq) OVER (ORDER BY seq) AS previous_seq,
                         sha256(prev_hash || convert_to(jsonb_build_array(2, seq,
                             (extract(epoch FROM occurred_at) * 1000000)::bigint, event_id, event_type, actor,
                             submitted_by, action, entity, outcome, source, payload)::text, 'UTF8')) AS computed
                  FROM read_model.audit_entry)
                SELECT count(*),
                       count(*) FILTER (WHERE computed <> hash),
                       count(*) FILTER (WHERE (previous_hash IS NULL AND (seq <> 1 OR prev_hash <>
                                               sha256(convert_to('254carbon-audit-genesis', 'UTF8'))))
                                           OR (previous_hash IS NOT NULL AND (prev_hash <> previous_hash
                                               OR seq <> previous_seq + 1)))
                FROM e""";
        try (Connection db = platform.database(); Statement sql = db.createStatement()) {
            long entries;
            long badHashes;
            long brokenLinks;
            try (ResultSet rs = sql.executeQuery(chain)) {
                rs.next();
                entries = rs.getLong(1);
                badHashes = rs.getLong(2);
                brokenLinks = rs.getLong(3);
            }
            try (ResultSet rs = sql.executeQuery("SELECT count(*) - count(DISTINCT event_id), count(*) FILTER ("
                    + "WHERE event_type = 'ApiCall' AND actor = '" + LocalToken.EVENTS_WRITER.subject() + "' AND action "
                    + "LIKE 'POST /events/%/batch') FROM read_model.audit_entry")) {
                rs.next();
                return new Audit(entries, badHashes, brokenLinks, rs.getLong(1), rs.getLong(2),
                        ledger.acceptedGatewayCalls.sum());
            }
        }
    }
}
