package com.carbon254.flink.aggregator.ingestion;

import com.carbon254.events.data.Status;
import com.carbon254.flink.aggregator.pipeline.ObservationSerializer;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/** Serializer of {@link IngestionObservation}. */
public final class IngestionObservationSerializer extends ObservationSerializer<IngestionObservation> {

    private static final long serialVersionUID = 1L;
    private static final Status[] STATUSES = Status.values();

    @Override
    protected IngestionObservation newObservation() {
        return new IngestionObservation();
    }

    @Override
    protected void writeFields(IngestionObservation observation, DataOutputView target) throws IOException {
        target.writeLong(observation.getRecordCount());
        target.writeLong(observation.getSizeBytes());
        target.writeByte(observation.getStatus() == null ? -1 : observation.getStatus().ordinal());
        writeNullableString(observation.getSource(), target);
    }

    @Override
    protected void readFields(IngestionObservation observation, DataInputView source) throws IOException {
        observation.setRecordCount(source.readLong());
        observation.setSizeBytes(source.readLong());
        byte status = source.readByte();
        observation.setStatus(status < 0 ? null : STATUSES[status]);
        observation.setSource(readNullableString(source));
    }

    @Override
    protected void copyFields(IngestionObservation from, IngestionObservation to) {
        to.setRecordCount(from.getRecordCount());
        to.setSizeBytes(from.getSizeBytes());
        to.setStatus(from.getStatus());
        to.setSource(from.getSource());
    }

    @Override
    public TypeSerializerSnapshot<IngestionObservation> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Flink's snapshot of this serializer (no configuration). */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<IngestionObservation> {
        public Snapshot() {
            super(IngestionObservationSerializer::new);
        }
    }
}
