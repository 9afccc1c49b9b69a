package com.carbon254.api.runtime.validation;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Reads the text parameters Bean Validation has checked ({@link IsoInstant}, {@link WholeNumber}): by the time a
 * resource method runs they are valid or absent, so these never fail.
 */
public final class Params {

    /** The earliest instant a parameter may name (nothing the platform stores is older). */
    public static final Instant EARLIEST_INSTANT = Instant.EPOCH;
    /** The latest instant a parameter may name. */
    public static final Instant LATEST_INSTANT = Instant.parse("9999-12-31T23:59:59Z");

    private Params() {
    }

    /** The instant, or null when absent. */
    public static Instant instant(String value) {
        return absent(value) ? null : parseInstant(value);
    }

    /** The number (beyond the range of an int: the nearest int), or {@code fallback} when absent. */
    public static int integer(String value, int fallback) {
        return absent(value) ? fallback : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, parseLong(value)));
    }

    /** The number, or null when absent. */
    public static Long longValue(String value) {
        return absent(value) ? null : parseLong(value);
    }

    /** The text without surrounding blanks, or null when absent or blank. */
    public static String text(String value) {
        return absent(value) ? null : value.trim();
    }

    static boolean absent(String value) {
        return value == null || value.isBlank();
    }

    static Instant parseInstant(String value) {
        try {
            Instant instant = Instant.parse(value.trim());
            return instant.isBefore(EARLIEST_INSTANT) || instant.isAfter(LATEST_INSTANT) ? null : instant;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static Long parseLong(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
