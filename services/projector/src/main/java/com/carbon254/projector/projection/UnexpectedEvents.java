package com.carbon254.projector.projection;

/** The rejection reason of a record whose event type does not belong on its topic. */
final class UnexpectedEvents {

    private UnexpectedEvents() {
    }

    static String reason(ConsumedRecord<?> record) {
        Object value = record.value();
        String type = value instanceof org.apache.avro.generic.GenericContainer c ? c.getSchema().getFullName()
                : value == null ? "null" : value.getClass().getName();
        return "unexpected event type on " + record.source().topic() + ": " + type;
    }
}
