package com.carbon254.events.runtime.json;

import static com.carbon254.events.runtime.json.JsonProblemTexts.expected;
import static com.carbon254.events.runtime.json.JsonProblemTexts.kindOf;
import static com.carbon254.events.runtime.json.JsonProblemTexts.render;
import static com.carbon254.events.runtime.json.JsonProblemTexts.unknownField;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

import com.carbon254.events.catalog.EventType;
import com.carbon254.events.catalog.FieldLimits;
import com.carbon254.events.catalog.TopicDefinition;
import com.carbon254.events.runtime.EventEnvelope;
import com.carbon254.events.runtime.EventModels;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads events written as natural JSON ({@code {"eventId": "…", "timestamp": 1700000000000, "status": "SUCCESS",
 * "metadata": {}}}: no Avro-JSON union wrapping) into the catalog's generated records, checking them against the
 * event type's Avro schema and its {@link FieldLimits}. It reports <em>every</em> violation, with its field path, in
 * one {@link EventValidationException}: missing required fields, values of the wrong type, unknown enum symbols (with
 * the allowed ones), texts too long or holding NUL, numbers and timestamps out of range, and, when reading for
 * ingestion, unknown fields and fields only the platform sets.
 *
 * <p>Value mapping: strings, booleans and numbers as themselves (integers must be whole and in range); timestamps
 * ({@code timestamp-millis}) as epoch milliseconds or ISO-8601 instants ({@code 2025-10-22T12:00:00Z}, offsets
 * allowed); enums as their symbol; maps as objects; nullable fields ({@code ["null", T]}) as {@code null} or a
 * {@code T}; a field left out takes the schema default when it has one ({@code eventType}, {@code version}).
 *
 * <p>Two policies ({@link ReadPolicy}), for the two places JSON comes from:
 * <ul>
 *   <li>{@link #forIngestion()}: what a client sends to the gateway. {@code eventId} and {@code timestamp} may be left
 *       out (the gateway fills them with {@link EventEnvelope#complete}), unknown fields are refused (a misspelt
 *       optional field would otherwise be silently lost), so are unknown enum symbols, a {@code submittedBy} (the
 *       gateway sets it from the caller's token) and, in a batch, an eventId given twice;</li>
 *   <li>{@link #forConsumption()}: JSON records other producers put on a topic. Unknown fields are ignored and an
 *       unknown enum symbol reads as the enum's default when it has one, as Avro's schema resolution would treat a
 *       record from a newer producer. Envelope fields a plain JSON producer leaves out are derived: {@code eventType}
 *       and {@code version} from the schema's defaults (the topic's one event type, or the {@code eventType} header on
 *       a topic of several), {@code source} from the record's {@code source} header, else
 *       {@value EventEnvelope#UNATTRIBUTED_SOURCE}. Every other field without a default is required.</li>
 * </ul>
 * A batch can also be read straight from its bytes ({@link #readValidBatch}, {@link StreamingBatchReader}), without a
 * JSON tree: the fast path for a valid batch, which leaves the explaining of an invalid one to
 * {@link #readAll(EventType, JsonNode)}.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class JsonEventReader {

    /** At most this many violations are listed; a last entry says how many more there were. */
    static final int MAX_VIOLATIONS = 1000;

    private static final JsonEventReader INGESTION = new JsonEventReader(ReadPolicy.INGESTION);
    private static final JsonEventReader CONSUMPTION = new JsonEventReader(ReadPolicy.CONSUMPTION);

    /** Marks a value that could not be converted (its violation is already recorded). */
    private static final Object INVALID = new Object();

    private final ReadPolicy policy;
    private final StreamingBatchReader streaming;

    private JsonEventReader(ReadPolicy policy) {
        this.policy = policy;
        this.streaming = new StreamingBatchReader(policy);
    }

    /** The policy for events sent by clients to be completed and published (see the class comment). */
    public static JsonEventReader forIngestion() {
        return INGESTION;
    }

    /** The policy for JSON records read from a topic (see the class comment). */
    public static JsonEventReader forConsumption() {
        return CONSUMPTION;
    }

    /**
     * What the record around a JSON value says about it (its Kafka headers), for the envelope fields the JSON lacks.
     *
     * @param eventType the event type name, e.g. from the {@code eventType} header; null if none
     * @param source    the producing component, e.g. from the {@code source} header; null if none
     */
    public record Hints(String eventType, String source) {

        /** No hints. */
        public static final Hints NONE = new Hints(null, null);
    }

    /**
     * Reads one event of a known type. A present {@code eventType} field must name that type.
     *
     * @return the record; under {@link #forIngestion()} its {@code eventId} and {@code timestamp} may still be null
     * @throws EventValidationException listing every violation
     */
    public SpecificRecord read(EventType type, JsonNode json) {
        return read(type, json, Hints.NONE);
    }

    private SpecificRecord read(EventType type, JsonNode json, Hints hints) {
        Violations violations = new Violations();
        SpecificRecord event = readEvent(type, json, "", hints, violations);
        checkLimits(event, "", Instant.now(), violations);
        violations.throwIfAny(type.typeName() + " event");
        return event;
    }

    /**
     * Reads a JSON array of events of one type; a batch is valid only as a whole, and no eventId may be in it twice
     * (the second would be published as a duplicate of the first).
     *
     * @return the records, in array order
     * @throws EventValidationException listing every violation of every event, paths prefixed with the index
     *                                  ({@code [3].status})
     */
    public List<SpecificRecord> readAll(EventType type, JsonNode array) {
        Violations violations = new Violations();
        if (array == null || !array.isArray()) {
            violations.add("", "expected a JSON array of " + type.typeName() + " events, got " + kindOf(array));
            violations.throwIfAny("batch of " + type.typeName() + " events");
        }
        Instant now = Instant.now();
        List<SpecificRecord> events = new ArrayList<>(array.size());
        Map<String, Integer> eventIds = new HashMap<>();
        for (int i = 0; i < array.size(); i++) {
            String path = "[" + i + "]";
            SpecificRecord event = readEvent(type, array.get(i), path, Hints.NONE, violations);
            checkLimits(event, path, now, violations);
            String eventId = event == null ? null : EventEnvelope.eventId(event);
            Integer first = eventId == null ? null : eventIds.putIfAbsent(eventId, i);
            if (first != null) {
                violations.add(join(path, EventEnvelope.EVENT_ID), "is the eventId of [" + first
                        + "] too; each event of a batch needs its own");
            }
            events.add(event);
        }
        violations.throwIfAny("batch of " + type.typeName() + " events");
        return events;
    }

    /**
     * Reads a JSON array of events straight from its bytes into records, without building a JSON tree: the fast path
     * for the common case, a valid batch. It applies the rules of {@link #readAll(EventType, JsonNode)} but does not
     * explain what it refuses: for anything but a valid array of 1 to {@code maxEvents} events (malformed JSON, a
     * violation, a duplicate field or eventId, more events) it returns empty, and the caller reads the batch as a tree
     * with {@link #readAll(EventType, JsonNode)}, which lists every violation. A batch it returns reads the same there.
     *
     * @return the records, in array order, or empty if the batch is to be read as a tree
     */
    public Optional<List<SpecificRecord>> readValidBatch(EventType type, byte[] json, int maxEvents) {
        return streaming.read(type, json, maxEvents, Instant.now());
    }

    /**
     * Reads one event found on a topic. On a topic of one event type, it is that type; on a topic that carries
     * several, the event names its type in its {@code eventType} field, or else {@code hints} (the record's
     * {@code eventType} header) does.
     *
     * @param hints what the record's headers say about the event
     * @throws EventValidationException listing every violation, or saying the event type is missing or unknown
     */
    public SpecificRecord read(TopicDefinition topic, JsonNode json, Hints hints) {
        List<EventType> types = topic.eventTypes();
        if (types.size() == 1) {
            return read(types.get(0), json, hints);
        }
        String typeName = Optional.ofNullable(json).map(j -> j.get(EventEnvelope.EVENT_TYPE))
                .filter(JsonNode::isTextual).map(JsonNode::asText).orElse(hints.eventType());
        String known = types.stream().map(EventType::typeName).collect(Collectors.joining(", "));
        FieldViolation problem;
        if (json == null || !json.isObject()) {
            problem = new FieldViolation("", "expected a JSON object, got " + kindOf(json));
        } else if (typeName == null) {
            problem = new FieldViolation(EventEnvelope.EVENT_TYPE, "required on " + topic.name() + ", which carries "
                    + known);
        } else {
            Optional<EventType> type = EventType.byTypeName(typeName).filter(types::contains);
            if (type.isPresent()) {
                return read(type.get(), json, hints);
            }
            problem = new FieldViolation(EventEnvelope.EVENT_TYPE, "unknown event type '" + render(typeName)
                    + "' on " + topic.name() + "; expected one of " + known);
        }
        throw new EventValidationException("event on " + topic.name(), List.of(problem));
    }

    private SpecificRecord readEvent(EventType type, JsonNode json, String path, Hints hints, Violations violations) {
        if (json == null || !json.isObject()) {
            violations.add(path, "expected a JSON object with the fields of a " + type.typeName() + " event, got "
                    + kindOf(json));
            return null;
        }
        JsonNode declared = json.get(EventEnvelope.EVENT_TYPE);
        if (declared != null && !declared.isNull()
                && !(declared.isTextual() && declared.asText().equals(type.typeName()))) {
            violations.add(join(path, EventEnvelope.EVENT_TYPE), "is " + render(declared) + " but this is a "
                    + type.typeName() + " event");
        }
        for (String platformSet : policy.platformSetFields()) {
            JsonNode given = json.get(platformSet);
            if (given != null && !given.isNull() && type.schema().getField(platformSet) != null) {
                violations.add(join(path, platformSet), "is set by the platform (from the caller's token), never by "
                        + "the client: leave it out");
            }
        }
        SpecificData model = EventModels.of(type);
        SpecificRecord event = (SpecificRecord) readRecord(type.schema(), json, path, true, model, violations);
        if (policy.derivedEnvelope() && !json.has(EventEnvelope.SOURCE)) {
            event.put(type.schema().getField(EventEnvelope.SOURCE).pos(), hints.source() == null
                    || hints.source().isBlank() ? EventEnvelope.UNATTRIBUTED_SOURCE : hints.source());
        }
        return event;
    }

    private Object readRecord(Schema schema, JsonNode json, String path, boolean event, SpecificData model,
                              Violations violations) {
        SpecificRecord record = (SpecificRecord) model.newRecord(null, schema);
        for (Schema.Field field : schema.getFields()) {
            String fieldPath = join(path, field.name());
            JsonNode value = json.get(field.name());
            boolean omissible = event && policy.omissibleEnvelopeFields().contains(field.name());
            if (value == null || (omissible && value.isNull())) {
                if (omissible) {
                    continue;
                }
                if (field.hasDefaultValue()) {
                    record.put(field.pos(), model.getDefaultValue(field));
                } else if (!(event && policy.derivedEnvelope() && field.name().equals(EventEnvelope.SOURCE))) {
                    violations.add(fieldPath, "required field is missing");
                }
                continue;
            }
            Object converted = convert(field.schema(), value, fieldPath, model, violations);
            if (converted == INVALID) {
                continue;
            }
            if (event && ReadPolicy.NOT_BLANK.contains(field.name()) && converted instanceof String text
                    && text.isBlank()) {
                violations.add(fieldPath, "must not be blank");
                continue;
            }
            record.put(field.pos(), converted);
        }
        if (policy.rejectUnknownFields()) {
            for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (schema.getField(name) == null) {
                    violations.add(join(path, render(name)), unknownField(schema, name));
                }
            }
        }
        return record;
    }

    /** The limits of the contract ({@link FieldLimits}) on an event as read (fields that failed to convert are null). */
    private static void checkLimits(SpecificRecord event, String path, Instant now, Violations violations) {
        if (event == null) {
            return;
        }
        for (FieldLimits.Violation violation : FieldLimits.check(event, now)) {
            violations.add(path.isEmpty() ? violation.field() : join(path, violation.field()), violation.problem());
        }
    }

    private Object convert(Schema schema, JsonNode json, String path, SpecificData model, Violations violations) {
        switch (schema.getType()) {
            case UNION:
                return convertUnion(schema, json, path, model, violations);
            case NULL:
                return json.isNull() ? null : mismatch(schema, json, path, violations);
            case STRING:
                return json.isTextual() ? json.asText() : mismatch(schema, json, path, violations);
            case BOOLEAN:
                return json.isBoolean() ? json.booleanValue() : mismatch(schema, json, path, violations);
            case INT:
                return json.isIntegralNumber() && json.canConvertToInt() ? json.intValue()
                        : mismatch(schema, json, path, violations);
            case LONG:
                if (JsonValues.isTimestamp(schema)) {
                    return convertInstant(schema, json, path, violations);
                }
                return json.isIntegralNumber() && json.canConvertToLong() ? json.longValue()
                        : mismatch(schema, json, path, violations);
            case FLOAT:
                return json.isNumber() ? json.floatValue() : mismatch(schema, json, path, violations);
            case DOUBLE:
                return json.isNumber() ? json.doubleValue() : mismatch(schema, json, path, violations);
            case ENUM:
                return convertEnum(schema, json, path, model, violations);
            case ARRAY: {
                if (!json.isArray()) {
                    return mismatch(schema, json, path, violations);
                }
                List<Object> items = new ArrayList<>(json.size());
                for (int i = 0; i < json.size(); i++) {
                    Object item = convert(schema.getElementType(), json.get(i), path + "[" + i + "]", model, violations);
                    items.add(item == INVALID ? null : item);
                }
                return items;
            }
            case MAP: {
                if (!json.isObject()) {
                    return mismatch(schema, json, path, violations);
                }
                Map<String, Object> entries = new LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> entry = it.next();
                    Object value = convert(schema.getValueType(), entry.getValue(), join(path, entry.getKey()), model,
                            violations);
                    entries.put(entry.getKey(), value == INVALID ? null : value);
                }
                return entries;
            }
            case RECORD:
                return json.isObject() ? readRecord(schema, json, path, false, model, violations)
                        : mismatch(schema, json, path, violations);
            case BYTES:
                if (json.isTextual()) {
                    try {
                        return ByteBuffer.wrap(Base64.getDecoder().decode(json.asText()));
                    } catch (IllegalArgumentException e) {
                        violations.add(path, "expected base64 text: " + e.getMessage());
                        return INVALID;
                    }
                }
                return mismatch(schema, json, path, violations);
            default:
                violations.add(path, "values of Avro type " + schema.getType() + " cannot be given as JSON");
                return INVALID;
        }
    }

    private Object convertUnion(Schema union, JsonNode json, String path, SpecificData model, Violations violations) {
        List<Schema> branches = union.getTypes();
        if (json.isNull()) {
            if (branches.stream().anyMatch(b -> b.getType() == Schema.Type.NULL)) {
                return null;
            }
            violations.add(path, "must not be null");
            return INVALID;
        }
        List<Schema> candidates = branches.stream().filter(b -> b.getType() != Schema.Type.NULL).toList();
        if (candidates.size() == 1) {
            return convert(candidates.get(0), json, path, model, violations);
        }
        // Natural JSON names no branch: take the first one whose JSON shape matches.
        for (Schema branch : candidates) {
            if (JsonValues.shapeMatches(branch, json)) {
                return convert(branch, json, path, model, violations);
            }
        }
        violations.add(path, "expected " + candidates.stream().map(JsonProblemTexts::expected)
                .collect(Collectors.joining(" or ")) + ", got " + kindOf(json));
        return INVALID;
    }

    private Object convertEnum(Schema schema, JsonNode json, String path, SpecificData model, Violations violations) {
        List<String> symbols = schema.getEnumSymbols();
        if (!json.isTextual()) {
            violations.add(path, "expected one of " + String.join(", ", symbols) + ", got " + kindOf(json));
            return INVALID;
        }
        String symbol = json.asText();
        if (schema.hasEnumSymbol(symbol)) {
            return model.createEnum(symbol, schema);
        }
        if (policy.unknownSymbolsReadAsDefault() && schema.getEnumDefault() != null) {
            return model.createEnum(schema.getEnumDefault(), schema);
        }
        violations.add(path, "unknown symbol '" + render(symbol) + "'; allowed: " + String.join(", ", symbols));
        return INVALID;
    }

    private static Object convertInstant(Schema schema, JsonNode json, String path, Violations violations) {
        boolean micros = schema.getLogicalType() instanceof LogicalTypes.TimestampMicros;
        if (json.isIntegralNumber() && json.canConvertToLong()) {
            long value = json.longValue();
            return micros ? Instant.EPOCH.plus(value, ChronoUnit.MICROS) : Instant.ofEpochMilli(value);
        }
        if (json.isTextual()) {
            Instant instant = JsonValues.parseInstant(json.asText());
            if (instant != null) {
                return instant.truncatedTo(micros ? ChronoUnit.MICROS : ChronoUnit.MILLIS);
            }
            violations.add(path, "'" + render(json.asText()) + "' is not an ISO-8601 instant (e.g. 2025-10-22T12:00:00Z)");
            return INVALID;
        }
        return mismatch(schema, json, path, violations);
    }

    private static Object mismatch(Schema schema, JsonNode json, String path, Violations violations) {
        violations.add(path, "expected " + expected(schema) + ", got " + kindOf(json));
        return INVALID;
    }

    private static String join(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    /** The violations of one read, capped at {@link #MAX_VIOLATIONS}. */
    private static final class Violations {
        private final List<FieldViolation> found = new ArrayList<>();
        private int dropped;

        void add(String field, String problem) {
            if (found.size() < MAX_VIOLATIONS) {
                found.add(new FieldViolation(field, problem));
            } else {
                dropped++;
            }
        }

        void throwIfAny(String subject) {
            if (found.isEmpty()) {
                return;
            }
            List<FieldViolation> all = new ArrayList<>(found);
            if (dropped > 0) {
                all.add(new FieldViolation("", dropped + " more violations not listed"));
            }
            throw new EventValidationException(subject, all);
        }
    }
}
