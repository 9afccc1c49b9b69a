package com.carbon254.events.catalog;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/**
 * The input limits of the event contracts, defined once in the {@code .avsc} files as properties of each field (in
 * the JSON Schema vocabulary, so any reader of the schema understands them) and checked here for any record, whoever
 * wrote it: the event gateway before it publishes, the consumers when they read a record.
 *
 * <ul>
 *   <li>{@value #MAX_LENGTH}: the most characters of a string field, of each item of an array of strings, or of each
 *       value of a map; map keys have at most {@value #MAX_KEY_LENGTH} characters;</li>
 *   <li>{@value #MAX_ITEMS}: the most entries of an array or a map;</li>
 *   <li>{@value #MINIMUM} / {@value #MAXIMUM}: the range of a number (counts and sizes are never negative);</li>
 *   <li>{@value #FORMAT} {@code uuid}: a UUID in its 8-4-4-4-12 form ({@code eventId});</li>
 *   <li>every {@code timestamp-millis} lies in [{@link #EARLIEST_INSTANT}, now + {@link #MAX_CLOCK_SKEW}];</li>
 *   <li>no string, anywhere, holds a NUL character (U+0000), which PostgreSQL cannot store in text.</li>
 * </ul>
 * Why the lengths are what they are: every string a read model indexes stays far below PostgreSQL's btree limit
 * (2704 bytes per index entry, up to 4 bytes per character), names and ids are at most 255 characters, texts 4000.
 * {@code EventCatalogTest} checks that every string, array and map field declares its limits.
 */
public final class FieldLimits {

    /** Field property: the most characters of the string (of each item, or each map value). */
    public static final String MAX_LENGTH = "maxLength";
    /** Field property: the most entries of an array or a map. */
    public static final String MAX_ITEMS = "maxItems";
    /** Field property: the smallest value of a number. */
    public static final String MINIMUM = "minimum";
    /** Field property: the largest value of a number. */
    public static final String MAXIMUM = "maximum";
    /** Field property: the text format of a string; {@value #UUID} is the only one. */
    public static final String FORMAT = "format";
    /** The {@value #FORMAT} of a UUID. */
    public static final String UUID = "uuid";

    /** The most characters of a map key. */
    public static final int MAX_KEY_LENGTH = 255;
    /** The earliest instant a timestamp may hold. */
    public static final Instant EARLIEST_INSTANT = Instant.EPOCH;
    /** How far ahead of the checking clock a timestamp may be (producers' clocks are not perfectly in step). */
    public static final Duration MAX_CLOCK_SKEW = Duration.ofHours(24);

    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Map<Schema, Rule[]> RULES = new ConcurrentHashMap<>();

    /** One way a record breaks a limit: the field's path ({@code columns[2].name}, {@code metadata.k}) and why. */
    public record Violation(String field, String problem) {
    }

    private FieldLimits() {
    }

    /**
     * Every limit the record breaks, with the clock at {@code now}.
     *
     * @return the violations in field order; empty when the record is within its limits
     */
    public static List<Violation> check(IndexedRecord record, Instant now) {
        List<Violation> violations = new ArrayList<>(0);
        checkRecord(record, "", now, violations);
        return violations;
    }

    /** Whether a text may be stored: it holds no NUL character. */
    public static boolean storable(String text) {
        return text == null || text.indexOf('\0') < 0;
    }

    /** The {@value #MAX_LENGTH} of a field, if it declares one. */
    public static Integer maxLength(Schema.Field field) {
        return intProp(field, MAX_LENGTH);
    }

    private static void checkRecord(IndexedRecord record, String path, Instant now, List<Violation> violations) {
        for (Rule rule : RULES.computeIfAbsent(record.getSchema(), FieldLimits::rulesOf)) {
            Object value = record.get(rule.pos);
            if (value != null) {
                checkValue(rule, rule.schema, value, join(path, rule.name), now, violations);
            }
        }
    }

    private static void checkValue(Rule rule, Schema schema, Object value, String path, Instant now,
                                   List<Violation> violations) {
        switch (schema.getType()) {
            case UNION -> {
                for (Schema branch : schema.getTypes()) {
                    if (branch.getType() != Schema.Type.NULL && matches(branch, value)) {
                        checkValue(rule, branch, value, path, now, violations);
                        return;
                    }
                }
            }
            case STRING -> checkText(rule.maxLength, rule.uuid, value.toString(), path, violations);
            case INT, LONG, FLOAT, DOUBLE -> {
                if (value instanceof Instant instant) {
                    checkInstant(instant, path, now, violations);
                } else if (value instanceof Number number) {
                    checkNumber(rule, number, path, violations);
                }
            }
            case ARRAY -> {
                Collection<?> items = (Collection<?>) value;
                checkItems(rule, items.size(), path, violations);
                int i = 0;
                for (Object item : items) {
                    if (item != null) {
                        checkItem(rule, schema.getElementType(), item, path + "[" + i + "]", now, violations);
                    }
                    i++;
                }
            }
            case MAP -> {
                Map<?, ?> entries = (Map<?, ?>) value;
                checkItems(rule, entries.size(), path, violations);
                for (Map.Entry<?, ?> entry : entries.entrySet()) {
                    String key = String.valueOf(entry.getKey());
                    String keyPath = join(path, key.length() > 40 ? key.substring(0, 40) + "…" : key);
                    if (key.length() > MAX_KEY_LENGTH) {
                        violations.add(new Violation(keyPath, "a key of at most " + MAX_KEY_LENGTH
                                + " characters is allowed, got " + key.length()));
                    } else if (!storable(key)) {
                        violations.add(new Violation(keyPath, "a key must not contain NUL characters (U+0000)"));
                    }
                    if (entry.getValue() != null) {
                        checkItem(rule, schema.getValueType(), entry.getValue(), keyPath, now, violations);
                    }
                }
            }
            case RECORD -> checkRecord((IndexedRecord) value, path, now, violations);
            default -> {
            }
        }
    }

    /** An item of an array or a value of a map: a string has the field's length limit, a record its own limits. */
    private static void checkItem(Rule rule, Schema schema, Object item, String path, Instant now,
                                  List<Violation> violations) {
        Schema type = schema.getType() == Schema.Type.UNION ? nonNull(schema, item) : schema;
        if (type == null) {
            return;
        }
        if (type.getType() == Schema.Type.STRING) {
            checkText(rule.maxLength, false, item.toString(), path, violations);
        } else if (type.getType() == Schema.Type.RECORD) {
            checkRecord((IndexedRecord) item, path, now, violations);
        }
    }

    private static void checkText(Integer maxLength, boolean uuid, String text, String path, List<Violation> violations) {
        if (!storable(text)) {
            violations.add(new Violation(path, "must not contain NUL characters (U+0000)"));
        } else if (maxLength != null && text.length() > maxLength) {
            violations.add(new Violation(path, "at most " + maxLength + " characters are allowed, got "
                    + text.length()));
        } else if (uuid && !UUID_TEXT.matcher(text).matches()) {
            violations.add(new Violation(path, "must be a UUID such as 0b9f3c1e-6f2a-4c7e-9a51-2d8f1c0e7b44"));
        }
    }

    private static void checkNumber(Rule rule, Number number, String path, List<Violation> violations) {
        double value = number.doubleValue();
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            violations.add(new Violation(path, "must be a finite number"));
        } else if (rule.minimum != null && value < rule.minimum) {
            violations.add(new Violation(path, "must be at least " + plain(rule.minimum) + ", got " + number));
        } else if (rule.maximum != null && value > rule.maximum) {
            violations.add(new Violation(path, "must be at most " + plain(rule.maximum) + ", got " + number));
        }
    }

    private static void checkInstant(Instant instant, String path, Instant now, List<Violation> violations) {
        if (instant.isBefore(EARLIEST_INSTANT)) {
            violations.add(new Violation(path, "must not be before " + EARLIEST_INSTANT + ", got " + instant));
        } else if (now != null && instant.isAfter(now.plus(MAX_CLOCK_SKEW))) {
            violations.add(new Violation(path, "must not be more than " + MAX_CLOCK_SKEW.toHours()
                    + " hours in the future, got " + instant));
        }
    }

    private static void checkItems(Rule rule, int size, String path, List<Violation> violations) {
        if (rule.maxItems != null && size > rule.maxItems) {
            violations.add(new Violation(path, "at most " + rule.maxItems + " entries are allowed, got " + size));
        }
    }

    private static Schema nonNull(Schema union, Object value) {
        return union.getTypes().stream().filter(b -> b.getType() != Schema.Type.NULL && matches(b, value))
                .findFirst().orElse(null);
    }

    private static boolean matches(Schema branch, Object value) {
        return switch (branch.getType()) {
            case STRING -> value instanceof CharSequence;
            case INT, LONG, FLOAT, DOUBLE -> value instanceof Number || value instanceof Instant;
            case ARRAY -> value instanceof Collection;
            case MAP -> value instanceof Map;
            case RECORD -> value instanceof IndexedRecord record && record.getSchema().equals(branch);
            default -> false;
        };
    }

    private static String plain(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    private static String join(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    /** What a field declares, read once per schema. */
    private record Rule(int pos, String name, Schema schema, Integer maxLength, Integer maxItems, Double minimum,
                        Double maximum, boolean uuid) {
    }

    private static Rule[] rulesOf(Schema schema) {
        return schema.getFields().stream().map(field -> new Rule(field.pos(), field.name(), field.schema(),
                intProp(field, MAX_LENGTH), intProp(field, MAX_ITEMS), doubleProp(field, MINIMUM),
                doubleProp(field, MAXIMUM), UUID.equals(field.getProp(FORMAT)))).toArray(Rule[]::new);
    }

    private static Integer intProp(Schema.Field field, String name) {
        return field.getObjectProp(name) instanceof Number number ? number.intValue() : null;
    }

    private static Double doubleProp(Schema.Field field, String name) {
        return field.getObjectProp(name) instanceof Number number ? number.doubleValue() : null;
    }
}
