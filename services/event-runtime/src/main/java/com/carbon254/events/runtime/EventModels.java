package com.carbon254.events.runtime;

import java.util.EnumMap;
import java.util.Map;

import org.apache.avro.specific.SpecificData;

import com.carbon254.events.catalog.EventType;

/**
 * The Avro data model to build records of an event type with: it resolves record and enum classes by name through the
 * class loader of the generated classes themselves, and carries their logical-type conversions.
 *
 * <p>The models Avro hands out ({@code SpecificData.get()}, or a generated class's {@code MODEL$}) look classes up
 * through Avro's own class loader, then the thread's context class loader. Where the event classes live in a child
 * loader of Avro's (Quarkus dev and test mode) and the caller is a Kafka client thread, that finds a second copy of
 * the class, and the records cannot be cast to the application's types.
 */
public final class EventModels {

    private static final Map<EventType, SpecificData> MODELS = new EnumMap<>(EventType.class);

    static {
        for (EventType type : EventType.values()) {
            SpecificData model = new SpecificData(type.recordClass().getClassLoader());
            SpecificData.getForClass(type.recordClass()).getConversions().forEach(model::addLogicalTypeConversion);
            MODELS.put(type, model);
        }
    }

    private EventModels() {
    }

    /** The model for records of that type (and the records and enums nested in them). */
    public static SpecificData of(EventType type) {
        return MODELS.get(type);
    }
}
