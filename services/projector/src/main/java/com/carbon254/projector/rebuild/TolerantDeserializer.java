package com.carbon254.projector.rebuild;

import java.util.Map;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.utils.Utils;

/**
 * Wraps a value deserializer for the rebuild's plain {@code KafkaConsumer} so that one bad record does not
 * make {@code poll()} throw: the record comes back with an {@link Undeserializable} value instead, and the caller
 * treats it as poison and moves past it. (The live channel gets the same effect from the connector's
 * {@code fail-on-deserialization-failure=false}.)
 *
 * <p>Configured with {@value #DELEGATE}: the class name of the real deserializer, which receives the whole
 * configuration.
 */
public class TolerantDeserializer implements Deserializer<Object> {

    /** Configuration key naming the wrapped deserializer class. */
    public static final String DELEGATE = "tolerant.delegate.deserializer";

    private Deserializer<?> delegate;

    /** The value of a record the delegate could not read. */
    public record Undeserializable(String reason) {
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        Object name = configs.get(DELEGATE);
        if (name == null) {
            throw new IllegalArgumentException(DELEGATE + " is not set");
        }
        try {
            delegate = (Deserializer<?>) Utils.newInstance(Class.forName(name.toString(), true,
                    Thread.currentThread().getContextClassLoader()));
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("unknown deserializer " + name, e);
        }
        delegate.configure(configs, isKey);
    }

    @Override
    public Object deserialize(String topic, byte[] data) {
        return deserialize(topic, null, data);
    }

    @Override
    public Object deserialize(String topic, Headers headers, byte[] data) {
        try {
            return delegate.deserialize(topic, headers, data);
        } catch (RuntimeException e) {
            return new Undeserializable(e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    @Override
    public void close() {
        if (delegate != null) {
            delegate.close();
        }
    }
}
