package com.carbon254.projector.pipeline;

/** The rejection reason of a record whose event type does not belong on its topic. */
public final class UnexpectedEvents {

    private UnexpectedEvents() {
    }

    public static String reason(ConsumedRecord<?> record) {
        Object value = record.value();
        String type = value instanceof org.apache.avro.generic.GenericContainer c ? c.getSchema().getFullName()
                : value == null ? "null" : value.getClass().getName();
        return "unexpected event type on " + record.source().topic() + ": " + type;
    }
}
