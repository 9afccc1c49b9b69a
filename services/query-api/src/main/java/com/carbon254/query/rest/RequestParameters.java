package com.carbon254.query.rest;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.carbon254.events.runtime.json.FieldViolation;
import com.carbon254.query.service.ProblemException;

/**
 * The query parameters of one request, read as text and parsed here so that every bad value becomes a field-level
 * error of a single 400 problem (rather than the framework's opaque failure on the first one). Parse each parameter,
 * then call {@link #rejectIfInvalid()}.
 */
final class RequestParameters {

    private final List<FieldViolation> errors = new ArrayList<>();

    /** An ISO-8601 instant, or null when absent. */
    Instant instant(String name, String value) {
        if (absent(value)) {
            return null;
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            return invalid(name, "must be an ISO-8601 instant such as 2025-01-31T12:00:00Z, got '" + value + "'");
        }
    }

    /** A whole number within [min, max], or {@code fallback} when absent. */
    Integer integer(String name, String value, int min, int max, Integer fallback) {
        Long parsed = longValue(name, value, min, max);
        return parsed == null ? fallback : (Integer) parsed.intValue();
    }

    /** A whole number within [min, max], or null when absent (or invalid). */
    Long longValue(String name, String value, long min, long max) {
        if (absent(value)) {
            return null;
        }
        long parsed;
        try {
            parsed = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return invalid(name, "must be a whole number, got '" + value + "'");
        }
        if (parsed < min || parsed > max) {
            return invalid(name, "must be between " + min + " and " + max + ", got " + parsed);
        }
        return parsed;
    }

    /** {@code true} or {@code false}, or null when absent. */
    Boolean bool(String name, String value) {
        if (absent(value)) {
            return null;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> invalid(name, "must be true or false, got '" + value + "'");
        };
    }

    /** One of {@code symbols} (case-insensitive, returned as spelled there), or {@code fallback} when absent. */
    String symbol(String name, String value, Set<String> symbols, String fallback) {
        if (absent(value)) {
            return fallback;
        }
        for (String symbol : symbols) {
            if (symbol.equalsIgnoreCase(value.trim())) {
                return symbol;
            }
        }
        return invalid(name, "must be one of " + symbols.stream().sorted().toList() + ", got '" + value + "'");
    }

    /** The value without surrounding blanks, or null when absent or blank. */
    static String text(String value) {
        return absent(value) ? null : value.trim();
    }

    /** Records a problem with a parameter (for checks that involve several parameters). */
    <T> T invalid(String name, String problem) {
        errors.add(new FieldViolation(name, problem));
        return null;
    }

    boolean valid() {
        return errors.isEmpty();
    }

    /** Throws the 400 problem listing every invalid parameter, if there is any. */
    void rejectIfInvalid() {
        if (!errors.isEmpty()) {
            throw ProblemException.invalidParameters(errors);
        }
    }

    private static boolean absent(String value) {
        return value == null || value.isBlank();
    }
}
