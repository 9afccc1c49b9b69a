package com.carbon254.flink.aggregator.pipeline;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.util.function.SerializableSupplier;

/**
 * Flink type information of an observation: serialized by its {@link ObservationSerializer}, never by Kryo or the
 * reflective POJO serializer.
 *
 * @param <F> the observation type
 */
public final class ObservationTypeInfo<F extends ObservedEvent> extends TypeInformation<F> {

    private static final long serialVersionUID = 1L;

    private final Class<F> type;
    private final SerializableSupplier<ObservationSerializer<F>> serializer;

    public ObservationTypeInfo(Class<F> type, SerializableSupplier<ObservationSerializer<F>> serializer) {
        this.type = type;
        this.serializer = serializer;
    }

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<F> getTypeClass() {
        return type;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<F> createSerializer(SerializerConfig config) {
        return serializer.get();
    }

    @Override
    public String toString() {
        return "ObservationTypeInfo<" + type.getSimpleName() + ">";
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof ObservationTypeInfo<?> other && other.type == type;
    }

    @Override
    public int hashCode() {
        return type.hashCode();
    }

    @Override
    public boolean canEqual(Object obj) {
        return obj instanceof ObservationTypeInfo;
    }
}
