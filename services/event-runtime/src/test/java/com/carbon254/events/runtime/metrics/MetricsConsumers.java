package com.carbon254.events.runtime.metrics;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.carbon254.events.data.DataIngestionEvent;
import com.carbon254.events.data.DataQualityEvent;

/**
 * Two consumers for the metrics tests: {@code lagging-in} starts paused, so its group falls behind until it is
 * resumed; {@code positions-elsewhere} commits nothing to Kafka (as the projector), so it gets no consumer-lag gauge.
 */
@ApplicationScoped
public class MetricsConsumers {

    private final List<DataIngestionEvent> ingested = new CopyOnWriteArrayList<>();

    @Incoming("lagging-in")
    public void lagging(DataIngestionEvent event) {
        ingested.add(event);
    }

    @Incoming("positions-elsewhere")
    public void positionsElsewhere(DataQualityEvent event) {
        // Nothing: only its configuration matters.
    }

    public List<DataIngestionEvent> ingested() {
        return ingested;
    }
}
