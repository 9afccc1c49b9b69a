/**
 * How every platform service publishes and consumes events.
 *
 * <p>Publishing: complete an event's envelope with {@link com.carbon254.events.runtime.EventEnvelope#complete}, then
 * hand it to {@link com.carbon254.events.runtime.EventPublisher}; it goes to its catalog topic, keyed by its entity,
 * with the {@link com.carbon254.events.runtime.EventHeaders}, and the returned
 * {@link com.carbon254.events.runtime.PublishedEvent} says where the broker stored it.
 *
 * <p>Consuming: an {@code @Incoming} channel with {@code connector=smallrye-kafka} and a {@code topic} needs nothing
 * else. The runtime's configuration defaults (its {@code META-INF/microprofile-config.properties}) read values with
 * {@link com.carbon254.events.runtime.serde.PolyglotEventDeserializer} (Avro through the registry or natural JSON) and
 * send what cannot be read or processed to {@code <topic>.dlq} ({@link com.carbon254.events.runtime.DeadLetters}).
 */
package com.carbon254.events.runtime;
