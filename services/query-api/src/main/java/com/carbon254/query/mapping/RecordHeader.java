package com.carbon254.query.mapping;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A Kafka record header for display: its UTF-8 text when it is text, else its bytes in base64.
 *
 * @param encoding {@code utf-8} or {@code base64}; null with a null value
 */
@Schema(name = "RecordHeader")
public record RecordHeader(String key, String value, @Schema(enumeration = { "utf-8", "base64" }) String encoding) {

    /** The header with these bytes (null for a header without a value). */
    public static RecordHeader of(String key, byte[] value) {
        if (value == null) {
            return new RecordHeader(key, null, null);
        }
        String text = utf8Text(value);
        return text != null ? new RecordHeader(key, text, "utf-8")
                : new RecordHeader(key, Base64.getEncoder().encodeToString(value), "base64");
    }

    /** The bytes as text when they are valid UTF-8 without control characters (other than tab/newline), else null. */
    public static String utf8Text(byte[] bytes) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
        boolean printable = text.codePoints().allMatch(c -> c >= 0x20 && c != 0x7f || c == '\t' || c == '\n' || c == '\r');
        return printable ? text : null;
    }
}
