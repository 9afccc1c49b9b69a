/**
 * Kafka serdes of the catalog's events: {@link com.carbon254.events.runtime.serde.CatalogAvroSerializer} (Avro with
 * Confluent-compatible framing, schemas from the registry) and
 * {@link com.carbon254.events.runtime.serde.PolyglotEventDeserializer} (registry-framed Avro from any client, or JSON),
 * which reads writer schemas through {@link com.carbon254.events.runtime.serde.RegistrySchemas} (also the Flink
 * job's). All work in plain Kafka clients without Quarkus.
 */
package com.carbon254.events.runtime.serde;
