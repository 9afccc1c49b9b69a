package com.carbon254.api.runtime.rest;

import java.io.IOException;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * Every JSON body a platform API reads holds only text it can store: a string with a NUL character (U+0000), which
 * PostgreSQL refuses in {@code text}, is a 400 naming the field ({@link ProblemMappers}), not a failure deep in a
 * repository; and a field the body's type does not know is refused (the gateway refuses unknown event fields alike),
 * so a misspelt optional field is never silently lost.
 */
@Singleton
public class StorableText implements ObjectMapperCustomizer {

    /** The problem of a field holding NUL. */
    static final String PROBLEM = "must not contain NUL characters (U+0000)";

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        mapper.registerModule(new SimpleModule("storable-text").addDeserializer(String.class, new Deserializer()));
    }

    /** Jackson's own string reading, then the NUL check. */
    static final class Deserializer extends StdScalarDeserializer<String> {

        Deserializer() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String text = StringDeserializer.instance.deserialize(parser, context);
            if (text != null && text.indexOf('\0') >= 0) {
                throw new UnstorableTextException(parser, text);
            }
            return text;
        }
    }

    /** A string with NUL in a body. */
    static final class UnstorableTextException extends InvalidFormatException {

        UnstorableTextException(JsonParser parser, String value) {
            super(parser, PROBLEM, value, String.class);
        }
    }
}
