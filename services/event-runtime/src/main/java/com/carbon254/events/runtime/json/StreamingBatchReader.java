package com.carbon254.events.runtime.json;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

import com.carbon254.events.catalog.EventType;
import com.carbon254.events.catalog.FieldLimits;
import com.carbon254.events.runtime.EventEnvelope;
import com.carbon254.events.runtime.EventModels;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads a JSON array of events straight from its bytes into records, without building a JSON tree: the fast path for
 * the common case, a valid batch. It applies the rules of {@link JsonEventReader#readAll(EventType, JsonNode)} (the
 * same {@link ReadPolicy}, the same {@link FieldLimits}, no duplicate eventId) but does not explain what it refuses:
 * for anything else it answers empty, and the caller reads the batch as a tree, which lists every violation.
 *
 * <p>Instances are thread-safe; the plans of the record schemas are computed once.
 */
final class StreamingBatchReader {

    private static final JsonFactory STREAMING = new JsonFactory();

    private final ReadPolicy policy;
    private final Map<Schema, RecordPlan> plans = new ConcurrentHashMap<>();

    StreamingBatchReader(ReadPolicy policy) {
        this.policy = policy;
    }

    /**
     * The records of a valid array of 1 to {@code maxEvents} events of one type, within their limits at {@code now},
     * with no eventId twice; empty for anything else.
     */
    Optional<List<SpecificRecord>> read(EventType type, byte[] json, int maxEvents, Instant now) {
        try (JsonParser parser = STREAMING.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                return Optional.empty();
            }
            SpecificData model = EventModels.of(type);
            List<SpecificRecord> events = new ArrayList<>(Math.min(maxEvents, 1024));
            Set<String> eventIds = new HashSet<>();
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.START_OBJECT) {
                if (events.size() == maxEvents) {
                    return Optional.empty();
                }
                SpecificRecord event = (SpecificRecord) streamRecord(type.schema(), parser, type, model);
                String eventId = EventEnvelope.eventId(event);
                if ((eventId != null && !eventIds.add(eventId)) || !FieldLimits.check(event, now).isEmpty()) {
                    return Optional.empty();
                }
                events.add(event);
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
     * One record, the parser on its {@code START_OBJECT}; {@code event} is the event type for the top-level record,
     * null for a nested one. Leaves the parser on its {@code END_OBJECT}.
     */
    private Object streamRecord(Schema schema, JsonParser parser, EventType event, SpecificData model)
            throws IOException {
        RecordPlan plan = plans.computeIfAbsent(schema, s -> RecordPlan.of(s, model, policy));
        SpecificRecord record = (SpecificRecord) model.newRecord(null, schema);
        boolean[] given = new boolean[plan.fields.length];
        for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
            JsonToken token = parser.nextToken();
            Schema.Field field = plan.byName.get(name);
            if (field == null) {
                if (policy.rejectUnknownFields()) {
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
                if (token != JsonToken.VALUE_NULL && plan.platformSet[pos]) {
                    throw NotPlain.INSTANCE;
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
        final boolean[] platformSet;
        private final Object[] defaults;
        private final boolean[] mutableDefault;

        private RecordPlan(Schema schema, SpecificData model, ReadPolicy policy) {
            fields = schema.getFields().toArray(Schema.Field[]::new);
            byName = new HashMap<>(fields.length * 2);
            omissible = new boolean[fields.length];
            notBlank = new boolean[fields.length];
            platformSet = new boolean[fields.length];
            defaults = new Object[fields.length];
            mutableDefault = new boolean[fields.length];
            for (Schema.Field field : fields) {
                int pos = field.pos();
                byName.put(field.name(), field);
                omissible[pos] = policy.omissibleEnvelopeFields().contains(field.name());
                notBlank[pos] = ReadPolicy.NOT_BLANK.contains(field.name());
                platformSet[pos] = policy.platformSetFields().contains(field.name());
                if (field.hasDefaultValue()) {
                    defaults[pos] = model.getDefaultValue(field);
                    mutableDefault[pos] = defaults[pos] != null && switch (field.schema().getType()) {
                        case MAP, ARRAY, RECORD, UNION, BYTES, FIXED -> true;
                        default -> false;
                    };
                }
            }
        }

        static RecordPlan of(Schema schema, SpecificData model, ReadPolicy policy) {
            return new RecordPlan(schema, model, policy);
        }

        /** The field's default, a copy of its own when it could be changed in place (a map, a list, a record). */
        Object defaultValue(int pos, SpecificData model) {
            return mutableDefault[pos] ? model.deepCopy(fields[pos].schema(), defaults[pos]) : defaults[pos];
        }
    }

    /** One value, the parser on its first token; as the tree reader converts it, but anything it would refuse is {@link NotPlain}. */
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
                if (!JsonValues.isTimestamp(schema)) {
                    return require(wholeLong, parser::getLongValue);
                }
                boolean micros = schema.getLogicalType() instanceof LogicalTypes.TimestampMicros;
                if (wholeLong) {
                    long value = parser.getLongValue();
                    return micros ? Instant.EPOCH.plus(value, ChronoUnit.MICROS) : Instant.ofEpochMilli(value);
                }
                Instant instant = token == JsonToken.VALUE_STRING ? JsonValues.parseInstant(parser.getText()) : null;
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
                return require(symbol != null && policy.unknownSymbolsReadAsDefault() && schema.getEnumDefault() != null,
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
        // As the tree reader: the first branch whose JSON shape matches.
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
            case INT, LONG -> token == JsonToken.VALUE_NUMBER_INT || (JsonValues.isTimestamp(schema) && token == JsonToken.VALUE_STRING);
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
}
