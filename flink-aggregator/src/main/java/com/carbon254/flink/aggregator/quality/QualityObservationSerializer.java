package com.carbon254.flink.aggregator.quality;

import com.carbon254.flink.aggregator.pipeline.ObservationSerializer;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/** Serializer of {@link QualityObservation}. */
public final class QualityObservationSerializer extends ObservationSerializer<QualityObservation> {

    private static final long serialVersionUID = 1L;

    @Override
    protected QualityObservation newObservation() {
        return new QualityObservation();
    }

    @Override
    protected void writeFields(QualityObservation observation, DataOutputView target) throws IOException {
        writeNullableString(observation.getCheckName(), target);
        target.writeBoolean(observation.isPassed());
        target.writeBoolean(observation.isCritical());
    }

    @Override
    protected void readFields(QualityObservation observation, DataInputView source) throws IOException {
        observation.setCheckName(readNullableString(source));
        observation.setPassed(source.readBoolean());
        observation.setCritical(source.readBoolean());
    }

    @Override
    protected void copyFields(QualityObservation from, QualityObservation to) {
        to.setCheckName(from.getCheckName());
        to.setPassed(from.isPassed());
        to.setCritical(from.isCritical());
    }

    @Override
    public TypeSerializerSnapshot<QualityObservation> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Flink's snapshot of this serializer (no configuration). */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<QualityObservation> {
        public Snapshot() {
            super(QualityObservationSerializer::new);
        }
    }
}
