package com.carbon254.query.service;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.carbon254.events.runtime.json.FieldViolation;
import com.carbon254.query.mapping.DeadLetter;
import com.carbon254.query.mapping.RecordHeader;
import com.carbon254.query.mapping.DeadLetterPage;
import com.carbon254.query.repository.DeadLetterRepository;
import com.carbon254.query.repository.DeadLetterRepository.DeadLetterRow;
import com.carbon254.query.repository.DeadLetterRepository.Position;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;

/** Browsing dead letters, newest first, with an opaque keyset cursor. */
@ApplicationScoped
public class DeadLetterService {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    DeadLetterRepository deadLetters;

    /** One page after the cursor {@code after} (from a previous page's {@code next}), or the newest. */
    public Uni<DeadLetterPage> list(DeadLetterRepository.Filter filter, String after, int limit) {
        Position from = after == null ? null : cursorPosition(after);
        return deadLetters.list(filter, from, limit + 1).map(rows -> {
            List<DeadLetterRow> page = rows.size() > limit ? rows.subList(0, limit) : rows;
            String next = rows.size() > limit ? cursor(page.get(page.size() - 1).position()) : null;
            return new DeadLetterPage(page.stream().map(DeadLetterService::toDeadLetter).toList(), next);
        });
    }

    /** The cursor of a position: base64url of "instant|partition|offset|topic" (topics cannot contain '|'). */
    static String cursor(Position p) {
        String plain = p.deadLetteredAt() + "|" + p.dlqPartition() + "|" + p.dlqOffset() + "|" + p.dlqTopic();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    static Position cursorPosition(String cursor) {
        try {
            String plain = new String(Base64.getUrlDecoder().decode(cursor.trim()), StandardCharsets.UTF_8);
            String[] parts = plain.split("\\|", 4);
            if (parts.length == 4 && !parts[3].isEmpty()) {
                return new Position(Instant.parse(parts[0]), parts[3], Integer.parseInt(parts[1]),
                        Long.parseLong(parts[2]));
            }
        } catch (IllegalArgumentException | DateTimeParseException e) {
            // reported below
        }
        throw ProblemException.invalidParameters(List.of(new FieldViolation("after",
                "is not a cursor of this listing (pass the 'next' of a previous page), got '" + cursor + "'")));
    }

    static DeadLetter toDeadLetter(DeadLetterRow row) {
        DeadLetter.Redrive redrive = row.redrivenAt() == null ? null
                : new DeadLetter.Redrive(row.redrivenAt(), row.redrivenBy(), row.redrivePartition(), row.redriveOffset());
        return new DeadLetter(row.dlqTopic(), row.dlqPartition(), row.dlqOffset(), row.originalTopic(),
                row.originalPartition(), row.originalOffset(), row.reason(), row.cause(), row.eventType(),
                row.recordKey(), row.valueSizeBytes(), row.valuePreview(), headers(row.headersJson()),
                row.deadLetteredAt(), redrive);
    }

    /** Stored headers ({@code [{"key": k, "value": base64 or null}]}) as text where they are UTF-8 text. */
    static List<RecordHeader> headers(String stored) {
        List<RecordHeader> headers = new ArrayList<>();
        JsonNode array;
        try {
            array = JSON.readTree(stored == null ? "[]" : stored);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable dead-letter headers in the read model", e);
        }
        for (JsonNode header : array) {
            String key = header.path("key").asText(null);
            JsonNode value = header.get("value");
            if (value == null || value.isNull()) {
                headers.add(new RecordHeader(key, null, null));
                continue;
            }
            try {
                headers.add(RecordHeader.of(key, Base64.getDecoder().decode(value.asText())));
            } catch (IllegalArgumentException notBase64) {
                headers.add(new RecordHeader(key, value.asText(), "base64"));
            }
        }
        return headers;
    }
}
