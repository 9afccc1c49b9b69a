package com.carbon254.readmodel;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The PostgreSQL notification ({@code NOTIFY}) the projector sends in the transaction that commits new dataset versions
 * to the live read model, and that the query API listens to: a read-your-writes wait
 * ({@code GET /datasets/{id}?minVersion=N}) then looks again as soon as version N can be visible, instead of at its
 * next poll. PostgreSQL delivers a notification only once its transaction commits, and only to sessions listening at
 * that moment; a reader that misses one still polls, so a lost notice costs it one poll interval, never an answer.
 *
 * <p>Payload: one {@code <datasetId> <version>} line per dataset, split over as many notifications as needed to keep
 * each under PostgreSQL's 8000-byte limit. A dataset id holding whitespace is left out (its readers poll).
 */
public final class DatasetVersionNotices {

    /** The notification channel (lower case: PostgreSQL folds unquoted channel names). */
    public static final String CHANNEL = "carbon254_dataset_projected";

    /** Most bytes of one payload; PostgreSQL refuses 8000 and more. */
    static final int MAX_PAYLOAD_BYTES = 7900;

    private DatasetVersionNotices() {
    }

    /** The payloads announcing {@code versions} (dataset id to the version now visible), in as few notices as fit. */
    public static List<String> payloads(Map<String, Long> versions) {
        List<String> payloads = new ArrayList<>();
        StringBuilder payload = new StringBuilder();
        int bytes = 0;
        for (Map.Entry<String, Long> entry : versions.entrySet()) {
            String id = entry.getKey();
            if (id == null || id.isEmpty() || id.chars().anyMatch(Character::isWhitespace)) {
                continue;
            }
            String line = id + ' ' + entry.getValue();
            int lineBytes = line.getBytes(StandardCharsets.UTF_8).length + 1;
            if (lineBytes > MAX_PAYLOAD_BYTES) {
                continue;
            }
            if (bytes + lineBytes > MAX_PAYLOAD_BYTES) {
                payloads.add(payload.toString());
                payload.setLength(0);
                bytes = 0;
            }
            if (bytes > 0) {
                payload.append('\n');
            }
            payload.append(line);
            bytes += lineBytes;
        }
        if (bytes > 0) {
            payloads.add(payload.toString());
        }
        return payloads;
    }

    /** The dataset versions one payload announces; lines it cannot read are skipped. */
    public static Map<String, Long> parse(String payload) {
        Map<String, Long> versions = new HashMap<>();
        if (payload == null) {
            return versions;
        }
        for (String line : payload.split("\n")) {
            int space = line.lastIndexOf(' ');
            if (space <= 0) {
                continue;
            }
            try {
                versions.merge(line.substring(0, space), Long.parseLong(line.substring(space + 1)), Math::max);
            } catch (NumberFormatException skipped) {
                // not a line this code wrote
            }
        }
        return versions;
    }
}
