package com.carbon254.projector.datasets;

import java.util.Arrays;
import java.util.Optional;

/** The three lifecycle event types of the dataset event store, by the {@code eventType} each event carries. */
public enum DatasetEventType {
    CREATED("DatasetCreated"),
    UPDATED("DatasetUpdated"),
    DELETED("DatasetDeleted");

    private final String typeName;

    DatasetEventType(String typeName) {
        this.typeName = typeName;
    }

    /** The catalog type name, e.g. {@code DatasetCreated}: what {@code dataset_event.event_type} holds. */
    public String typeName() {
        return typeName;
    }

    public static Optional<DatasetEventType> byTypeName(String typeName) {
        return Arrays.stream(values()).filter(t -> t.typeName.equals(typeName)).findFirst();
    }
}
