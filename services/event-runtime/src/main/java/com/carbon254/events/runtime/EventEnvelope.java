package com.carbon254.events.runtime;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

import com.carbon254.events.catalog.EventType;

/**
 * The base fields every event starts with (its envelope): {@code eventId}, {@code eventType}, {@code timestamp},
 * {@code source}, {@code version}, {@code correlationId}, {@code causationId}. The generated event classes share no
 * interface for them, so they are read and written here by name.
 */
public final class EventEnvelope {

    /** Unique id of the event (a UUID); consumers de-duplicate redeliveries by it. */
    public static final String EVENT_ID = "eventId";
    /** Type name of the event, e.g. {@code DataIngestion} ({@link EventType#typeName()}). */
    public static final String EVENT_TYPE = "eventType";
    /** Event time, an {@link Instant} (Avro timestamp-millis). */
    public static final String TIMESTAMP = "timestamp";
    /** Logical name of the producing service. */
    public static final String SOURCE = "source";
    /** Schema version of the event type the producer wrote. */
    public static final String VERSION = "version";
    /** Id shared by all events of one business flow; nullable. */
    public static final String CORRELATION_ID = "correlationId";
    /** eventId of the event (or id of the command) that caused this one; nullable. */
    public static final String CAUSATION_ID = "causationId";

    /** The envelope fields, in schema order. */
    public static final List<String> FIELDS =
            List.of(EVENT_ID, EVENT_TYPE, TIMESTAMP, SOURCE, VERSION, CORRELATION_ID, CAUSATION_ID);

    // Indexes in FIELDS.
    private static final int EVENT_ID_FIELD = 0;
    private static final int EVENT_TYPE_FIELD = 1;
    private static final int TIMESTAMP_FIELD = 2;
    private static final int SOURCE_FIELD = 3;
    private static final int VERSION_FIELD = 4;
    private static final int CORRELATION_ID_FIELD = 5;
    private static final int CAUSATION_ID_FIELD = 6;
    private static final int[] REQUIRED_FIELDS =
            {EVENT_ID_FIELD, EVENT_TYPE_FIELD, TIMESTAMP_FIELD, SOURCE_FIELD, VERSION_FIELD};

    /**
     * The {@code source} of a JSON record whose producer named none, neither in the value nor in a {@code source}
     * header (plain JSON producers, e.g. a Node.js service writing {@code JSON.stringify(event)}).
     */
    public static final String UNATTRIBUTED_SOURCE = "unattributed";

    /** The value of {@code version} producers write today. */
    public static final String CURRENT_VERSION = "1";

    private EventEnvelope() {
    }

    /**
     * Fills the envelope fields the event does not carry yet, in place, and returns the same event: a new UUID
     * ({@link #newEventId()}) as {@code eventId}, the catalog's type name as {@code eventType}, the current time
     * (millisecond precision, what the schema stores) as {@code timestamp}, {@code source},
     * {@link #CURRENT_VERSION} as {@code version}, and the context's correlation and causation ids. Fields already set are kept: a client's eventId survives retries, which
     * is what lets consumers de-duplicate them.
     *
     * @param event   an event of the catalog
     * @param source  the producing service, used only if the event has no source
     * @param context correlation and causation ids, used only for the fields the event leaves null
     * @return {@code event}
     * @throws IllegalArgumentException if the event is not of the catalog, carries another type's name in
     *                                  {@code eventType}, or has no source and none is given
     */
    public static <T extends SpecificRecord> T complete(T event, String source, EventContext context) {
        Objects.requireNonNull(event, "event");
        EventContext flow = context == null ? EventContext.none() : context;
        EventType type = EventType.of(event);

        int[] positions = positions(event);
        String declaredType = (String) event.get(positions[EVENT_TYPE_FIELD]);
        if (declaredType != null && !declaredType.equals(type.typeName())) {
            throw new IllegalArgumentException("a " + type.recordClass().getSimpleName() + " cannot have eventType '"
                    + declaredType + "'; its type is " + type.typeName());
        }
        event.put(positions[EVENT_TYPE_FIELD], type.typeName());
        putIfAbsent(event, positions[EVENT_ID_FIELD], EventEnvelope::newEventId);
        putIfAbsent(event, positions[TIMESTAMP_FIELD], () -> Instant.ofEpochMilli(System.currentTimeMillis()));
        putIfAbsent(event, positions[SOURCE_FIELD], () -> source);
        if (event.get(positions[SOURCE_FIELD]) == null) {
            throw new IllegalArgumentException("the " + type.typeName() + " event has no source and none was given");
        }
        putIfAbsent(event, positions[VERSION_FIELD], () -> CURRENT_VERSION);
        putIfAbsent(event, positions[CORRELATION_ID_FIELD], flow::correlationId);
        putIfAbsent(event, positions[CAUSATION_ID_FIELD], flow::causationId);
        return event;
    }

    /**
     * A new event id: a version 7 UUID (RFC 9562), the millisecond of its creation followed by 74 random bits. Ids
     * made later sort later, which keeps the indexes of the read models that store them append-mostly; the random
     * bits come from {@link ThreadLocalRandom}, since an event id must be unique but need not be unguessable (and
     * {@link UUID#randomUUID()}'s shared secure generator cost more than the rest of completing an event).
     */
    public static String newEventId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long millis = System.currentTimeMillis();
        long high = (millis << 16) | 0x7000L | (random.nextInt() & 0x0FFFL);
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    /** The event's id, or null if not set yet. */
    public static String eventId(SpecificRecord event) {
        return (String) get(event, EVENT_ID_FIELD);
    }

    /** The correlation id, or null. */
    public static String correlationId(SpecificRecord event) {
        return (String) get(event, CORRELATION_ID_FIELD);
    }

    /**
     * The envelope field {@code name} (one of {@link #FIELDS}) as text, or null if not set yet: what the event's
     * headers carry ({@link EventHeaders}).
     */
    public static String text(SpecificRecord event, String name) {
        int field = FIELDS.indexOf(name);
        if (field < 0) {
            throw new IllegalArgumentException(name + " is not an envelope field");
        }
        Object value = get(event, field);
        return value == null ? null : value.toString();
    }

    /**
     * The names of the envelope fields a publishable event must have and this one lacks (eventId, eventType,
     * timestamp, source, version); empty when it is complete.
     */
    public static List<String> missingFields(SpecificRecord event) {
        List<String> missing = new ArrayList<>(0);
        for (int field : REQUIRED_FIELDS) {
            if (get(event, field) == null) {
                missing.add(FIELDS.get(field));
            }
        }
        return missing;
    }

    private static Object get(SpecificRecord event, int field) {
        return event.get(position(event, field));
    }

    /** Sets the field at {@code pos} unless it holds a value. */
    private static void putIfAbsent(SpecificRecord event, int pos, Supplier<?> value) {
        if (event.get(pos) == null) {
            event.put(pos, value.get());
        }
    }

    /** Where the envelope field number {@code field} (its index in {@link #FIELDS}) is in the event's record. */
    private static int position(SpecificRecord event, int field) {
        int pos = POSITIONS.get(event.getClass())[field];
        if (pos < 0) {
            throw new IllegalArgumentException(event.getSchema().getFullName() + " has no envelope field "
                    + FIELDS.get(field));
        }
        return pos;
    }

    /** Where each envelope field is in the event's record, looked up once for all of them; every one must be there. */
    private static int[] positions(SpecificRecord event) {
        int[] positions = POSITIONS.get(event.getClass());
        for (int field = 0; field < positions.length; field++) {
            if (positions[field] < 0) {
                throw new IllegalArgumentException(event.getSchema().getFullName() + " has no envelope field "
                        + FIELDS.get(field));
            }
        }
        return positions;
    }

    // Where each envelope field is in a record class, looked up once per class (events are completed and their
    // headers written on every publication).
    private static final ClassValue<int[]> POSITIONS = new ClassValue<>() {
        @Override
        protected int[] computeValue(Class<?> type) {
            Schema schema = SpecificData.get().getSchema(type);
            return FIELDS.stream().mapToInt(name -> {
                Schema.Field field = schema.getType() == Schema.Type.RECORD ? schema.getField(name) : null;
                return field == null ? -1 : field.pos();
            }).toArray();
        }
    };
}
