package com.carbon254.console.web;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

import jakarta.ws.rs.BadRequestException;

/** The values of the pages' forms and query parameters, read once the same way everywhere. */
public final class FormValues {

    private FormValues() {
    }

    /** A trimmed value, or null when absent or blank (an empty filter field). */
    public static String text(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    /**
     * An instant as ISO-8601 text, or null when blank. Accepts an instant ({@code 2026-11-27T10:15:00Z}) or what a
     * {@code datetime-local} input sends ({@code 2026-11-27T10:15}), read as UTC.
     *
     * @throws BadRequestException when it is neither
     */
    public static String instant(String value) {
        String text = text(value);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text).toString();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC).toString();
            } catch (DateTimeParseException again) {
                throw new BadRequestException("Not a date and time (ISO-8601, e.g. 2026-11-27T10:15:00Z): '" + text + "'");
            }
        }
    }
}
