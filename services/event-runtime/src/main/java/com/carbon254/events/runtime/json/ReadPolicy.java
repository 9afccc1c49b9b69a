package com.carbon254.events.runtime.json;

import java.util.Set;

import com.carbon254.events.runtime.EventEnvelope;
import com.carbon254.events.runtime.SubmittedBy;

/**
 * How strictly JSON events are read, for the two places JSON comes from (see {@link JsonEventReader}).
 *
 * @param omissibleEnvelopeFields     envelope fields a reader leaves null when absent (the publisher fills them)
 * @param platformSetFields           fields only the platform sets: present with a value, they are refused
 * @param rejectUnknownFields         whether a field the schema does not know is a violation (else it is skipped)
 * @param unknownSymbolsReadAsDefault whether an unknown enum symbol reads as the enum's default, when it has one
 * @param derivedEnvelope             whether a missing {@code source} is derived (from a header, else
 *                                    {@link EventEnvelope#UNATTRIBUTED_SOURCE}) rather than refused
 */
record ReadPolicy(Set<String> omissibleEnvelopeFields, Set<String> platformSetFields, boolean rejectUnknownFields,
                  boolean unknownSymbolsReadAsDefault, boolean derivedEnvelope) {

    /** Envelope fields that must not be blank when given. */
    static final Set<String> NOT_BLANK = Set.of(EventEnvelope.EVENT_ID, EventEnvelope.SOURCE);

    /** What a client sends to the gateway: strict, eventId and timestamp filled by the gateway, submittedBy its own. */
    static final ReadPolicy INGESTION = new ReadPolicy(Set.of(EventEnvelope.EVENT_ID, EventEnvelope.TIMESTAMP),
            Set.of(SubmittedBy.FIELD), true, false, false);

    /** What other producers put on a topic: as Avro schema resolution would read a newer producer's record. */
    static final ReadPolicy CONSUMPTION = new ReadPolicy(Set.of(), Set.of(), false, true, true);
}
