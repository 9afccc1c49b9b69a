package com.carbon254.events.runtime.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Arrays;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads a record value the way any Confluent-wire client does, knowing nothing of this platform: magic byte 0, a 4-byte
 * big-endian schema id resolved with {@code GET {ccompat}/schemas/ids/{id}}, then Avro binary decoded with that
 * writer schema by a {@link GenericDatumReader}. Independent of the runtime's own serde code on purpose.
 */
public final class ConfluentWireReader {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String ccompatUrl;
    private final HttpClient http = HttpClient.newHttpClient();

    /** @param ccompatUrl base URL of the registry's Confluent-compatible API */
    public ConfluentWireReader(String ccompatUrl) {
        this.ccompatUrl = ccompatUrl;
    }

    /** A decoded value: the schema id of its framing, the writer schema the registry gave for it, the record. */
    public record Decoded(int schemaId, Schema writerSchema, GenericRecord record) {
    }

    /** Decodes a framed value, failing if it is not framed or bytes are left over. */
    public Decoded decode(byte[] value) throws IOException, InterruptedException {
        if (value.length < 5 || value[0] != 0) {
            throw new AssertionError("Not Confluent-framed: " + Arrays.toString(Arrays.copyOf(value, Math.min(8, value.length))));
        }
        int id = ByteBuffer.wrap(value, 1, 4).getInt();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(ccompatUrl + "/schemas/ids/" + id))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError("GET /schemas/ids/" + id + " answered " + response.statusCode() + " " + response.body());
        }
        Schema writer = new Schema.Parser().parse(JSON.readTree(response.body()).path("schema").asText());
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(value, 5, value.length - 5, null);
        GenericRecord record = new GenericDatumReader<GenericRecord>(writer).read(null, decoder);
        if (!decoder.isEnd()) {
            throw new AssertionError("Bytes left after decoding with schema id " + id);
        }
        return new Decoded(id, writer, record);
    }
}
