package com.carbon254.flink.aggregator.pipeline;

import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

import java.io.IOException;

/**
 * A hand-written serializer for the observations that cross from the sources to the windows: the hot path of the job,
 * where Flink's reflective POJO serializer cost as much as decoding the Avro event. Observations are never kept in
 * state (the windows keep aggregates, the de-duplication event ids) nor in the job's checkpoints, which are aligned
 * (no records in flight), so the format may change between versions of the job as long as running tasks agree; its
 * snapshot exists only because Flink requires one. (With unaligned checkpoints switched on through {@code flink.*},
 * in-flight observations would be in checkpoints: upgrade across a format change from a savepoint.)
 *
 * @param <F> the observation type
 */
public abstract class ObservationSerializer<F extends ObservedEvent> extends TypeSerializerSingleton<F> {

    private static final long serialVersionUID = 1L;

    /** A new, empty observation. */
    protected abstract F newObservation();

    /** Writes the fields the subclass adds. */
    protected abstract void writeFields(F observation, DataOutputView target) throws IOException;

    /** Reads the fields the subclass adds. */
    protected abstract void readFields(F observation, DataInputView source) throws IOException;

    /** Copies the fields the subclass adds (all immutable values). */
    protected abstract void copyFields(F from, F to);

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public F createInstance() {
        return newObservation();
    }

    @Override
    public F copy(F from) {
        return copy(from, newObservation());
    }

    @Override
    public F copy(F from, F reuse) {
        reuse.setEventId(from.getEventId());
        reuse.setDatasetName(from.getDatasetName());
        reuse.setEventTime(from.getEventTime());
        reuse.setTopic(from.getTopic());
        reuse.setPartition(from.getPartition());
        reuse.setOffset(from.getOffset());
        reuse.setTimestamp(from.getTimestamp());
        reuse.setKey(from.getKey() == null ? null : from.getKey().clone());
        reuse.setValue(from.getValue() == null ? null : from.getValue().clone());
        copyFields(from, reuse);
        return reuse;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(F observation, DataOutputView target) throws IOException {
        StringValue.writeString(observation.getEventId(), target);
        StringValue.writeString(observation.getDatasetName(), target);
        target.writeLong(observation.getEventTime());
        StringValue.writeString(observation.getTopic(), target);
        target.writeInt(observation.getPartition());
        target.writeLong(observation.getOffset());
        target.writeLong(observation.getTimestamp());
        writeBytes(observation.getKey(), target);
        writeBytes(observation.getValue(), target);
        writeFields(observation, target);
    }

    @Override
    public F deserialize(DataInputView source) throws IOException {
        return deserialize(newObservation(), source);
    }

    @Override
    public F deserialize(F reuse, DataInputView source) throws IOException {
        reuse.setEventId(StringValue.readString(source));
        reuse.setDatasetName(StringValue.readString(source));
        reuse.setEventTime(source.readLong());
        reuse.setTopic(StringValue.readString(source));
        reuse.setPartition(source.readInt());
        reuse.setOffset(source.readLong());
        reuse.setTimestamp(source.readLong());
        reuse.setKey(readBytes(source));
        reuse.setValue(readBytes(source));
        readFields(reuse, source);
        return reuse;
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    /** Writes a nullable string. */
    protected static void writeNullableString(String value, DataOutputView target) throws IOException {
        target.writeBoolean(value != null);
        if (value != null) {
            StringValue.writeString(value, target);
        }
    }

    /** Reads a nullable string. */
    protected static String readNullableString(DataInputView source) throws IOException {
        return source.readBoolean() ? StringValue.readString(source) : null;
    }

    private static void writeBytes(byte[] bytes, DataOutputView target) throws IOException {
        if (bytes == null) {
            target.writeInt(-1);
        } else {
            target.writeInt(bytes.length);
            target.write(bytes);
        }
    }

    private static byte[] readBytes(DataInputView source) throws IOException {
        int length = source.readInt();
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        source.readFully(bytes);
        return bytes;
    }
}
