package com.carbon254.events.runtime.messaging;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.carbon254.events.system.ServiceHealthEvent;

/**
 * A consumer as any service writes one: an {@code @Incoming} method and a topic in the configuration, nothing about
 * serdes or dead letters. It fails on services named {@code poison-*} to exercise the dead-letter path for processing
 * failures.
 */
@ApplicationScoped
public class HealthEventConsumer {

    static final String POISON_PREFIX = "poison-";

    private final List<ServiceHealthEvent> received = new CopyOnWriteArrayList<>();

    @Incoming("health-in")
    public void consume(ServiceHealthEvent event) {
        if (event.getServiceName().startsWith(POISON_PREFIX)) {
            throw new IllegalStateException("cannot project health of " + event.getServiceName());
        }
        received.add(event);
    }

    /** Every event consumed successfully so far. */
    public List<ServiceHealthEvent> received() {
        return received;
    }
}
