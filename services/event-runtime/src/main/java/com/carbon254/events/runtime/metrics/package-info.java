/**
 * The platform's event metrics, recorded once here for every service: events published, consumed and dead-lettered
 * per topic and event type, publish and processing latency, and the lag of every consumer group that commits its
 * offsets to Kafka. Names and labels are documented in {@code deploy/README.md} ("Metrics"), which the alerts and the
 * dashboard rely on.
 */
package com.carbon254.events.runtime.metrics;
