package com.carbon254.flink.aggregator.serde;

/**
 * The framing of every Avro record value on the platform's topics: magic byte {@code 0}, the 4-byte big-endian id of
 * the writer schema, then the Avro binary encoding. The Apicurio 3 serde (content id) and Confluent clients (the
 * ccompat schema id, which Apicurio maps to the same content id) write the same bytes.
 */
public final class WireFormat {

    /** First byte of a framed value. */
    public static final byte MAGIC_BYTE = 0;

    /** Magic byte plus schema id. */
    public static final int HEADER_LENGTH = 5;

    private WireFormat() {
    }

    /** Whether {@code value} is long enough and starts with the magic byte. */
    public static boolean isFramed(byte[] value) {
        return value != null && value.length >= HEADER_LENGTH && value[0] == MAGIC_BYTE;
    }

    /** The writer schema id of a framed value (check {@link #isFramed(byte[])} first). */
    public static int schemaId(byte[] value) {
        return ((value[1] & 0xff) << 24) | ((value[2] & 0xff) << 16) | ((value[3] & 0xff) << 8) | (value[4] & 0xff);
    }

    /** Writes the header for {@code schemaId} into the first {@link #HEADER_LENGTH} bytes of {@code target}. */
    public static void writeHeader(int schemaId, byte[] target) {
        target[0] = MAGIC_BYTE;
        target[1] = (byte) (schemaId >>> 24);
        target[2] = (byte) (schemaId >>> 16);
        target[3] = (byte) (schemaId >>> 8);
        target[4] = (byte) schemaId;
    }
}
