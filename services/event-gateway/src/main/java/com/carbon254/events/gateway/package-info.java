/**
 * The event gateway: HTTP ingestion of platform events for producers that do not speak Kafka.
 * {@code rest} is the HTTP surface (resource, problem details, OpenAPI examples), {@code service} the ingestion rules,
 * {@code mapping} the response bodies, {@code config} the gateway's settings, {@code health} its readiness checks.
 * Validation, envelope, keys, serialization and publishing come from the event runtime.
 */
package com.carbon254.events.gateway;
