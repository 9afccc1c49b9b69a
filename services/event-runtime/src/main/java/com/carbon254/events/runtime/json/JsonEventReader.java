package com.carbon254.events.runtime.json;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

import com.carbon254.events.catalog.EventType;
import com.carbon254.events.catalog.TopicDefinition;
import com.carbon254.events.runtime.EventEnvelope;
import com.carbon254.events.runtime.EventModels;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads events written as natural JSON ({@code {"eventId": "…", "timestamp": 1700000000000, "status": "SUCCESS",
 * "metadata": {}}}: no Avro-JSON union wrapping) into the catalog's generated records, checking them against the
 * event type's Avro schema. It reports <em>every</em> violation, with its field path, in one
 * {@link EventValidationException}: missing required fields, values of the wrong type, unknown enum symbols (with the
 * allowed ones), and, when reading for ingestion, unknown fields.
 *
 * <p>Value mapping: strings, booleans and numbers as themselves (integers must be whole and in range); timestamps
 * ({@code timestamp-millis}) as epoch milliseconds or ISO-8601 instants ({@code 2025-10-22T12:00:00Z}, offsets
 * allowed); enums as their symbol; maps as objects; nullable fields ({@code ["null", T]}) as {@code null} or a
 * {@code T}; a field left out takes the schema default when it has one.
 *
 * <p>Two policies, for the two places JSON comes from:
 * <ul>
 *   <li>{@link #forIngestion()}: what a client sends to the gateway. {@code eventId} and {@code timestamp} may be left
 *       out (the gateway fills them with {@link EventEnvelope#complete}), unknown fields are refused (a misspelt
 *       optional field would otherwise be silently lost) and so are unknown enum symbols;</li>
 *   <li>{@link #forConsumption()}: JSON records other producers put on a topic. Every field without a default is
 *       required; unknown fields are ignored and an unknown enum symbol reads as the enum's default when it has one,
 *       as Avro's schema resolution would treat a record from a newer producer.</li>
 * </ul>
 * A batch can also be read straight from its bytes ({@link #readValidBatch}), without a JSON tree: the fast path for a
 * valid batch, which leaves the explaining of an invalid one to {@link #readAll(EventType, JsonNode)}.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class JsonEventReader {

    /** At most this many violations are listed; a last entry says how many more there were. */
    static final int MAX_VIOLATIONS = 1000;

    private static final Set<String> FILLED_BY_THE_GATEWAY = Set.of(EventEnvelope.EVENT_ID, EventEnvelope.TIMESTAMP);
    private static final Set<String> NOT_BLANK = Set.of(EventEnvelope.EVENT_ID, EventEnvelope.SOURCE);

    private static final JsonEventReader INGESTION = new JsonEventReader(FILLED_BY_THE_GATEWAY, true, false);
    private static final JsonEventReader CONSUMPTION = new JsonEventReader(Set.of(), false, true);

    /** Marks a value that could not be converted (its violation is already recorded). */
    private static final Object INVALID = new Object();

    private static final JsonFactory STREAMING = new JsonFactory();

    private final Set<String> omissibleEnvelopeFields;
    private final boolean rejectUnknownFields;
    private final boolean unknownSymbolsReadAsDefault;
    private final Map<Schema, RecordPlan> plans = new ConcurrentHashMap<>();

    private JsonEventReader(Set<String> omissibleEnvelopeFields, boolean rejectUnknownFields,
                            boolean unknownSymbolsReadAsDefault) {
        this.omissibleEnvelopeFields = omissibleEnvelopeFields;
        this.rejectUnknownFields = rejectUnknownFields;
        this.unknownSymbolsReadAsDefault = unknownSymbolsReadAsDefault;
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
     * Reads one event of a known type. A present {@code eventType} field must name that type.
     *
     * @return the record; under {@link #forIngestion()} its {@code eventId} and {@code timestamp} may still be null
     * @throws EventValidationException listing every violation
     */
    public SpecificRecord read(EventType type, JsonNode json) {
        Violations violations = new Violations();
        SpecificRecord event = readEvent(type, json, "", violations);
        violations.throwIfAny(type.typeName() + " event");
        return event;
    }

    /**
     * Reads a JSON array of events of one type; a batch is valid only as a whole.
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
        List<SpecificRecord> events = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            events.add(readEvent(type, array.get(i), "[" + i + "]", violations));
        }
        violations.throwIfAny("batch of " + type.typeName() + " events");
        return events;
    }

    /**
     * Reads a JSON array of events straight from its bytes into records, without building a JSON tree: the fast path
     * for the common case, a valid batch. It applies the rules of {@link #readAll(EventType, JsonNode)} but does not
     * explain what it refuses: for anything but a valid array of 1 to {@code maxEvents} events (malformed JSON, a
     * violation, a duplicate field, more events) it returns empty, and the caller reads the batch as a tree with
     * {@link #readAll(EventType, JsonNode)}, which lists every violation. A batch it returns reads the same there.
     *
     * @return the records, in array order, or empty if the batch is to be read as a tree
     */
    public Optional<List<SpecificRecord>> readValidBatch(EventType type, byte[] json, int maxEvents) {
        try (JsonParser parser = STREAMING.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                return Optional.empty();
            }
            SpecificData model = EventModels.of(type);
            List<SpecificRecord> events = new ArrayList<>(Math.min(maxEvents, 1024));
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.START_OBJECT) {
                if (events.size() == maxEvents) {
                    return Optional.empty();
                }
                events.add((SpecificRecord) streamRecord(type.schema(), parser, type, model));
            }
            if (token != JsonToken.END_ARRAY || events.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(events);
        } catch (NotPlain | IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Reads one event found on a topic. On a topic of one event type, it is that type; on a topic that carries
     * several, the event names its type in its {@code eventType} field, or else {@code eventTypeHint} (e.g. the
     * record's {@code eventType} header) does.
     *
     * @param eventTypeHint the event type name from outside the JSON, or null
     * @throws EventValidationException listing every violation, or saying the event type is missing or unknown
     */
    public SpecificRecord read(TopicDefinition topic, JsonNode json, String eventTypeHint) {
        List<EventType> types = topic.eventTypes();
        if (types.size() == 1) {
            return read(types.get(0), json);
        }
        String typeName = Optional.ofNullable(json).map(j -> j.get(EventEnvelope.EVENT_TYPE))
                .filter(JsonNode::isTextual).map(JsonNode::asText).orElse(eventTypeHint);
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
                return read(type.get(), json);
            }
            problem = new FieldViolation(EventEnvelope.EVENT_TYPE, "unknown event type '" + typeName + "' on "
                    + topic.name() + "; expected one of " + known);
        }
        throw new EventValidationException("event on " + topic.name(), List.of(problem));
    }

    private SpecificRecord readEvent(EventType type, JsonNode json, String path, Violations violations) {
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
        SpecificData model = EventModels.of(type);
        return (SpecificRecord) readRecord(type.schema(), json, path, true, model, violations);
    }

    private Object readRecord(Schema schema, JsonNode json, String path, boolean event, SpecificData model,
                              Violations violations) {
        SpecificRecord record = (SpecificRecord) model.newRecord(null, schema);
        for (Schema.Field field : schema.getFields()) {
            String fieldPath = join(path, field.name());
            JsonNode value = json.get(field.name());
            boolean omissible = event && omissibleEnvelopeFields.contains(field.name());
            if (value == null || (omissible && value.isNull())) {
                if (omissible) {
                    continue;
                }
                if (field.hasDefaultValue()) {
                    record.put(field.pos(), model.getDefaultValue(field));
                } else {
                    violations.add(fieldPath, "required field is missing");
                }
                continue;
            }
            Object converted = convert(field.schema(), value, fieldPath, model, violations);
            if (converted == INVALID) {
                continue;
            }
            if (event && NOT_BLANK.contains(field.name()) && converted instanceof String text && text.isBlank()) {
                violations.add(fieldPath, "must not be blank");
                continue;
            }
            record.put(field.pos(), converted);
        }
        if (rejectUnknownFields) {
            for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (schema.getField(name) == null) {
                    violations.add(join(path, name), unknownField(schema, name));
                }
            }
        }
        return record;
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
                if (isTimestamp(schema)) {
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
            if (shapeMatches(branch, json)) {
                return convert(branch, json, path, model, violations);
            }
        }
        violations.add(path, "expected " + candidates.stream().map(JsonEventReader::expected)
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
        if (unknownSymbolsReadAsDefault && schema.getEnumDefault() != null) {
            return model.createEnum(schema.getEnumDefault(), schema);
        }
        violations.add(path, "unknown symbol '" + symbol + "'; allowed: " + String.join(", ", symbols));
        return INVALID;
    }

    private static Object convertInstant(Schema schema, JsonNode json, String path, Violations violations) {
        boolean micros = schema.getLogicalType() instanceof LogicalTypes.TimestampMicros;
        if (json.isIntegralNumber() && json.canConvertToLong()) {
            long value = json.longValue();
            return micros ? Instant.EPOCH.plus(value, ChronoUnit.MICROS) : Instant.ofEpochMilli(value);
        }
        if (json.isTextual()) {
            Instant instant = parseInstant(json.asText());
            if (instant != null) {
                return instant.truncatedTo(micros ? ChronoUnit.MICROS : ChronoUnit.MILLIS);
            }
            violations.add(path, "'" + json.asText() + "' is not an ISO-8601 instant (e.g. 2025-10-22T12:00:00Z)");
            return INVALID;
        }
        return mismatch(schema, json, path, violations);
    }

    /**
     * One record, the parser on its {@code START_OBJECT}; {@code event} is the event type for the top-level record,
     * null for a nested one. Leaves the parser on its {@code END_OBJECT}.
     */
    private Object streamRecord(Schema schema, JsonParser parser, EventType event, SpecificData model)
            throws IOException {
        RecordPlan plan = plans.computeIfAbsent(schema, s -> RecordPlan.of(s, model, omissibleEnvelopeFields));
        SpecificRecord record = (SpecificRecord) model.newRecord(null, schema);
        boolean[] given = new boolean[plan.fields.length];
        for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
            JsonToken token = parser.nextToken();
            Schema.Field field = plan.byName.get(name);
            if (field == null) {
                if (rejectUnknownFields) {
                    throw NotPlain.INSTANCE;
                }
                parser.skipChildren();
                continue;
            }
            int pos = field.pos();
            if (given[pos]) {
                throw NotPlain.INSTANCE;
            }
            given[pos] = true;
            if (event != null) {
                if (name.equals(EventEnvelope.EVENT_TYPE) && token != JsonToken.VALUE_NULL
                        && !(token == JsonToken.VALUE_STRING && parser.getText().equals(event.typeName()))) {
                    throw NotPlain.INSTANCE;
                }
                if (token == JsonToken.VALUE_NULL && plan.omissible[pos]) {
                    continue;
                }
            }
            Object value = streamValue(field.schema(), parser, token, model);
            if (event != null && plan.notBlank[pos] && value instanceof String text && text.isBlank()) {
                throw NotPlain.INSTANCE;
            }
            record.put(pos, value);
        }
        for (int pos = 0; pos < given.length; pos++) {
            if (given[pos] || (event != null && plan.omissible[pos])) {
                continue;
            }
            if (!plan.fields[pos].hasDefaultValue()) {
                throw NotPlain.INSTANCE;
            }
            record.put(pos, plan.defaultValue(pos, model));
        }
        return record;
    }

    /**
     * What reading a record of one schema needs, computed once: its fields by name, which envelope rules apply to
     * each, and their default values. Looking these up per record ({@code Schema.getField},
     * {@code GenericData.getDefaultValue}, which hashes the field's properties on every call) cost more than reading
     * the values (see {@code bench/README.md}).
     */
    private static final class RecordPlan {
        final Schema.Field[] fields;
        final Map<String, Schema.Field> byName;
        final boolean[] omissible;
        final boolean[] notBlank;
        private final Object[] defaults;
        private final boolean[] mutableDefault;

        private RecordPlan(Schema schema, SpecificData model, Set<String> omissibleEnvelopeFields) {
            fields = schema.getFields().toArray(Schema.Field[]::new);
            byName = new HashMap<>(fields.length * 2);
            omissible = new boolean[fields.length];
            notBlank = new boolean[fields.length];
            defaults = new Object[fields.length];
            mutableDefault = new boolean[fields.length];
            for (Schema.Field field : fields) {
                int pos = field.pos();
                byName.put(field.name(), field);
                omissible[pos] = omissibleEnvelopeFields.contains(field.name());
                notBlank[pos] = NOT_BLANK.contains(field.name());
                if (field.hasDefaultValue()) {
                    defaults[pos] = model.getDefaultValue(field);
                    mutableDefault[pos] = defaults[pos] != null && switch (field.schema().getType()) {
                        case MAP, ARRAY, RECORD, UNION, BYTES, FIXED -> true;
                        default -> false;
                    };
                }
            }
        }

        static RecordPlan of(Schema schema, SpecificData model, Set<String> omissibleEnvelopeFields) {
            return new RecordPlan(schema, model, omissibleEnvelopeFields);
        }

        /** The field's default, a copy of its own when it could be changed in place (a map, a list, a record). */
        Object defaultValue(int pos, SpecificData model) {
            return mutableDefault[pos] ? model.deepCopy(fields[pos].schema(), defaults[pos]) : defaults[pos];
        }
    }

    /** One value, the parser on its first token; as {@link #convert}, but anything it would refuse is {@link NotPlain}. */
    private Object streamValue(Schema schema, JsonParser parser, JsonToken token, SpecificData model)
            throws IOException {
        switch (schema.getType()) {
            case UNION:
                return streamUnion(schema, parser, token, model);
            case NULL:
                return require(token == JsonToken.VALUE_NULL, null);
            case STRING:
                return require(token == JsonToken.VALUE_STRING, parser::getText);
            case BOOLEAN:
                return require(token.isBoolean(), parser::getBooleanValue);
            case INT:
                return require(token == JsonToken.VALUE_NUMBER_INT
                        && parser.getNumberType() == JsonParser.NumberType.INT, parser::getIntValue);
            case LONG: {
                boolean wholeLong = token == JsonToken.VALUE_NUMBER_INT
                        && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER;
                if (!isTimestamp(schema)) {
                    return require(wholeLong, parser::getLongValue);
                }
                boolean micros = schema.getLogicalType() instanceof LogicalTypes.TimestampMicros;
                if (wholeLong) {
                    long value = parser.getLongValue();
                    return micros ? Instant.EPOCH.plus(value, ChronoUnit.MICROS) : Instant.ofEpochMilli(value);
                }
                Instant instant = token == JsonToken.VALUE_STRING ? parseInstant(parser.getText()) : null;
                return require(instant != null, () -> instant.truncatedTo(micros ? ChronoUnit.MICROS : ChronoUnit.MILLIS));
            }
            case FLOAT:
                // As JsonNode#floatValue(): a 64-bit integer straight to float, not through a double.
                return token == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() == JsonParser.NumberType.LONG
                        ? (float) parser.getLongValue() : (float) streamNumber(parser, token);
            case DOUBLE:
                return streamNumber(parser, token);
            case ENUM: {
                String symbol = token == JsonToken.VALUE_STRING ? parser.getText() : null;
                if (symbol != null && schema.hasEnumSymbol(symbol)) {
                    return model.createEnum(symbol, schema);
                }
                return require(symbol != null && unknownSymbolsReadAsDefault && schema.getEnumDefault() != null,
                        () -> model.createEnum(schema.getEnumDefault(), schema));
            }
            case ARRAY: {
                require(token == JsonToken.START_ARRAY, null);
                List<Object> items = new ArrayList<>();
                for (JsonToken item = parser.nextToken(); item != JsonToken.END_ARRAY; item = parser.nextToken()) {
                    items.add(streamValue(schema.getElementType(), parser, item, model));
                }
                return items;
            }
            case MAP: {
                require(token == JsonToken.START_OBJECT, null);
                Map<String, Object> entries = new LinkedHashMap<>();
                for (String key = parser.nextFieldName(); key != null; key = parser.nextFieldName()) {
                    entries.put(key, streamValue(schema.getValueType(), parser, parser.nextToken(), model));
                }
                return entries;
            }
            case RECORD:
                require(token == JsonToken.START_OBJECT, null);
                return streamRecord(schema, parser, null, model);
            case BYTES:
                require(token == JsonToken.VALUE_STRING, null);
                try {
                    return ByteBuffer.wrap(Base64.getDecoder().decode(parser.getText()));
                } catch (IllegalArgumentException e) {
                    throw NotPlain.INSTANCE;
                }
            default:
                throw NotPlain.INSTANCE;
        }
    }

    private Object streamUnion(Schema union, JsonParser parser, JsonToken token, SpecificData model)
            throws IOException {
        List<Schema> branches = union.getTypes();
        if (token == JsonToken.VALUE_NULL) {
            return require(branches.stream().anyMatch(b -> b.getType() == Schema.Type.NULL), null);
        }
        Schema only = null;
        int candidates = 0;
        for (Schema branch : branches) {
            if (branch.getType() != Schema.Type.NULL) {
                only = branch;
                candidates++;
            }
        }
        if (candidates == 1) {
            return streamValue(only, parser, token, model);
        }
        // As convertUnion: the first branch whose JSON shape matches.
        for (Schema branch : branches) {
            if (branch.getType() != Schema.Type.NULL && shapeMatches(branch, token)) {
                return streamValue(branch, parser, token, model);
            }
        }
        throw NotPlain.INSTANCE;
    }

    /** A number as {@link JsonNode#doubleValue()} gives it (integers beyond 64 bits are left to the tree reader). */
    private static double streamNumber(JsonParser parser, JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_NUMBER_FLOAT) {
            return parser.getDoubleValue();
        }
        if (token == JsonToken.VALUE_NUMBER_INT) {
            return switch (parser.getNumberType()) {
                case INT -> parser.getIntValue();
                case LONG -> parser.getLongValue();
                default -> throw NotPlain.INSTANCE;
            };
        }
        throw NotPlain.INSTANCE;
    }

    private static boolean shapeMatches(Schema schema, JsonToken token) {
        return switch (schema.getType()) {
            case STRING, ENUM, BYTES -> token == JsonToken.VALUE_STRING;
            case BOOLEAN -> token.isBoolean();
            case INT, LONG -> token == JsonToken.VALUE_NUMBER_INT || (isTimestamp(schema) && token == JsonToken.VALUE_STRING);
            case FLOAT, DOUBLE -> token.isNumeric();
            case ARRAY -> token == JsonToken.START_ARRAY;
            case MAP, RECORD -> token == JsonToken.START_OBJECT;
            default -> false;
        };
    }

    /** The value if the condition holds; otherwise the batch is not plain. */
    private static Object require(boolean holds, StreamedValue value) throws IOException {
        if (!holds) {
            throw NotPlain.INSTANCE;
        }
        return value == null ? null : value.get();
    }

    @FunctionalInterface
    private interface StreamedValue {
        Object get() throws IOException;
    }

    /** A batch the streaming reader leaves to the tree reader; thrown without a stack trace, it costs nothing. */
    private static final class NotPlain extends RuntimeException {
        static final NotPlain INSTANCE = new NotPlain();

        private NotPlain() {
            super("not a plain valid batch", null, false, false);
        }
    }

    private static Instant parseInstant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notAnInstant) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException notAnOffsetDateTime) {
                return null;
            }
        }
    }

    private static boolean isTimestamp(Schema schema) {
        LogicalType logical = schema.getLogicalType();
        return logical instanceof LogicalTypes.TimestampMillis || logical instanceof LogicalTypes.TimestampMicros;
    }

    private static boolean shapeMatches(Schema schema, JsonNode json) {
        return switch (schema.getType()) {
            case STRING, ENUM, BYTES -> json.isTextual();
            case BOOLEAN -> json.isBoolean();
            case INT, LONG -> json.isIntegralNumber() || (isTimestamp(schema) && json.isTextual());
            case FLOAT, DOUBLE -> json.isNumber();
            case ARRAY -> json.isArray();
            case MAP, RECORD -> json.isObject();
            default -> false;
        };
    }

    private static Object mismatch(Schema schema, JsonNode json, String path, Violations violations) {
        violations.add(path, "expected " + expected(schema) + ", got " + kindOf(json));
        return INVALID;
    }

    private static String expected(Schema schema) {
        return switch (schema.getType()) {
            case STRING -> "a string";
            case BOOLEAN -> "true or false";
            case INT -> "a whole number (32-bit)";
            case LONG -> isTimestamp(schema) ? "epoch milliseconds or an ISO-8601 instant" : "a whole number (64-bit)";
            case FLOAT, DOUBLE -> "a number";
            case ENUM -> "one of " + String.join(", ", schema.getEnumSymbols());
            case ARRAY -> "an array of " + plural(expected(schema.getElementType()));
            case MAP -> "an object whose values are " + plural(expected(schema.getValueType()));
            case RECORD -> "an object (" + schema.getName() + ")";
            case BYTES -> "base64 text";
            case NULL -> "null";
            default -> schema.getType().getName();
        };
    }

    private static String plural(String expectation) {
        return expectation.replaceFirst("^an? ", "");
    }

    private static String kindOf(JsonNode json) {
        if (json == null || json.isMissingNode()) {
            return "nothing";
        }
        return switch (json.getNodeType()) {
            case STRING -> "the string " + render(json);
            case NUMBER -> "the number " + json.asText();
            case BOOLEAN -> json.asText();
            case NULL -> "null";
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            default -> json.getNodeType().name().toLowerCase();
        };
    }

    private static String render(JsonNode json) {
        String text = json.isTextual() ? "'" + json.asText() + "'" : json.toString();
        return text.length() > 60 ? text.substring(0, 57) + "...'" : text;
    }

    private static String unknownField(Schema schema, String name) {
        String suggestion = schema.getFields().stream().map(Schema.Field::name)
                .filter(known -> known.equalsIgnoreCase(name) || known.replace("_", "").equalsIgnoreCase(name.replace("_", "")))
                .findFirst().map(known -> "; did you mean '" + known + "'?").orElse("");
        return "unknown field" + suggestion;
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
