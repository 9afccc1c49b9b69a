package com.carbon254.events.runtime;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * The {@code submittedBy} field of the audit and security events: the authenticated identity that handed the event to
 * the platform, set by the platform and never taken from a payload. The event gateway sets it to its caller's token
 * subject; a platform service recording what it observed itself sets {@link #service(String)}. An auditor reads it to
 * tell a platform-originated entry from one a client submitted (whose claimed {@code actor} may be anyone).
 */
public final class SubmittedBy {

    /** The field's name in every event type that has it. */
    public static final String FIELD = "submittedBy";
    /** Prefix of a platform service's own identity. */
    public static final String SERVICE_PREFIX = "service:";

    private SubmittedBy() {
    }

    /** The identity of the platform service {@code name}: {@code service:<name>}. */
    public static String service(String name) {
        return SERVICE_PREFIX + name;
    }

    /** Whether events of this record's type record who submitted them. */
    public static boolean recorded(SpecificRecord event) {
        return event.getSchema().getField(FIELD) != null;
    }

    /**
     * Sets who submitted the event, replacing any value it carries, if its type records it.
     *
     * @return {@code event}
     */
    public static <T extends SpecificRecord> T stamp(T event, String submitter) {
        Schema.Field field = event.getSchema().getField(FIELD);
        if (field != null) {
            event.put(field.pos(), submitter);
        }
        return event;
    }
}
