package com.carbon254.projector.deadletters;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.carbon254.events.runtime.json.AvroJson;
import com.carbon254.events.runtime.serde.PolyglotEventDeserializer;
import com.carbon254.events.runtime.serde.RegistrySchemas;

/**
 * Decodes a dead letter's value for people: with the event runtime's polyglot deserializer (registry-framed Avro or
 * contract JSON, as on the original topic) into the projector's plain JSON ({@link AvroJson}); failing that, the
 * bytes as UTF-8 text when they are text; else nothing. May call the registry (writer schemas): not on an event loop.
 */
@ApplicationScoped
public class DeadLetterPreviews {

    @ConfigProperty(name = RegistrySchemas.REGISTRY_URL_FALLBACK)
    String registryUrl;

    private PolyglotEventDeserializer deserializer;

    @PostConstruct
    void configure() {
        deserializer = PolyglotEventDeserializer.forRegistry(registryUrl);
    }

    /** The preview of a value read from a dead-letter topic (null for a tombstone). */
    public String preview(String dlqTopic, Headers headers, byte[] value) {
        if (value == null) {
            return null;
        }
        try {
            SpecificRecord event = deserializer.deserialize(dlqTopic, headers, value);
            if (event != null) {
                return AvroJson.toJsonText(event);
            }
        } catch (RuntimeException notAnEvent) {
            // Undecodable is what many dead letters are: fall back to text.
        }
        return DeadLetters.asText(value);
    }

    @PreDestroy
    void close() {
        deserializer.close();
    }
}
