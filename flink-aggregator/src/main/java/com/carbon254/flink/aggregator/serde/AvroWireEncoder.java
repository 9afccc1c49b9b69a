package com.carbon254.flink.aggregator.serde;

import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecordBase;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;

/**
 * Encodes events of a generated class as framed Avro ({@link WireFormat}) with a fixed schema id: the id the registry
 * holds for exactly the class's schema, looked up once when the job is built.
 *
 * @param <T> the generated event class
 */
public final class AvroWireEncoder<T extends SpecificRecordBase> implements Serializable {

    private static final long serialVersionUID = 1L;

    private final Class<T> eventClass;
    private final int schemaId;

    private transient SpecificDatumWriter<T> writer;
    private transient ByteArrayOutputStream buffer;
    private transient BinaryEncoder encoder;
    private transient byte[] header;

    public AvroWireEncoder(Class<T> eventClass, int schemaId) {
        this.eventClass = eventClass;
        this.schemaId = schemaId;
    }

    public int schemaId() {
        return schemaId;
    }

    public byte[] encode(T event) {
        if (writer == null) {
            SpecificData data = SpecificData.getForClass(eventClass);
            writer = new SpecificDatumWriter<>(data.getSchema(eventClass), data);
            buffer = new ByteArrayOutputStream(512);
            header = new byte[WireFormat.HEADER_LENGTH];
            WireFormat.writeHeader(schemaId, header);
        }
        try {
            buffer.reset();
            buffer.write(header);
            encoder = EncoderFactory.get().binaryEncoder(buffer, encoder);
            writer.write(event, encoder);
            encoder.flush();
            return buffer.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + eventClass.getSimpleName(), e);
        }
    }
}
