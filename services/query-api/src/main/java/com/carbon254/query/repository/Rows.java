package com.carbon254.query.repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;

/** Column reads shared by the repositories that use the reactive PostgreSQL client directly. */
final class Rows {

    private Rows() {
    }

    /** Each row of a result read into a value, in the result's order. */
    static <T> List<T> list(RowSet<Row> rows, Function<Row, T> read) {
        List<T> values = new ArrayList<>(rows.size());
        rows.forEach(row -> values.add(read.apply(row)));
        return values;
    }

    static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    /** A column selected as {@code jsonb::text}, as a JSON tree (null stays null). */
    static JsonNode json(Row row, String column, ObjectMapper json) {
        String text = row.getString(column);
        if (text == null) {
            return null;
        }
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable JSON in column " + column, e);
        }
    }
}
