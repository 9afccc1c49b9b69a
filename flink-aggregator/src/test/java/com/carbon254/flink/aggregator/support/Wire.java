package com.carbon254.flink.aggregator.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecordBase;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Confluent wire format as any Confluent client writes it (magic byte 0, 4-byte schema id, Avro binary), with
 * schema ids looked up through the registry's Confluent-compatible API: an encoder and decoder independent of the
 * job's own serde.
 */
public final class Wire {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Map<String, Integer> IDS = new ConcurrentHashMap<>();

    private Wire() {
    }

    /** The ccompat schema id of the latest version of {@code subject}. */
    public static int schemaId(String subject) {
        return IDS.computeIfAbsent(subject, s -> get("/subjects/" + s + "/versions/latest").path("id").asInt());
    }

    /** How many versions {@code subject} has. */
    public static int versions(String subject) {
        return get("/subjects/" + subject + "/versions").size();
    }

    private static JsonNode get(String path) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(
                    TestStack.registryCcompatUrl() + path)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(path + ": HTTP " + response.statusCode());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static <T extends SpecificRecordBase> byte[] encode(T event, int schemaId) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(ByteBuffer.allocate(5).put((byte) 0).putInt(schemaId).array());
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            @SuppressWarnings("unchecked")
            Class<T> type = (Class<T>) event.getClass();
            new SpecificDatumWriter<>(type).write(event, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The schema id a framed value was written with. */
    public static int idOf(byte[] value) {
        if (value.length < 5 || value[0] != 0) {
            throw new AssertionError("not a framed Avro value");
        }
        return ByteBuffer.wrap(value, 1, 4).getInt();
    }

    /** Decodes a framed value written with exactly the class's schema. */
    public static <T extends SpecificRecordBase> T decode(byte[] value, Class<T> type) {
        idOf(value);
        try {
            Schema schema = SpecificData.getForClass(type).getSchema(type);
            return new SpecificDatumReader<T>(schema, schema, SpecificData.getForClass(type))
                    .read(null, DecoderFactory.get().binaryDecoder(value, 5, value.length - 5, null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
