package com.carbon254.reliability;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.Function;

import com.carbon254.devstack.security.LocalToken;

/**
 * A producer of events through the gateway: batches of DataIngestion (most), DataQuality and ServiceHealth events,
 * each with its own eventId, as a well-behaved client sends them. One batch in ten is a duplicate delivery: a batch
 * sent a little earlier, sent again as it was (same eventIds), as a client does that retries after a lost answer.
 */
final class EventTraffic implements Runnable {

    /** The datasets the ingestion events are about; their windows are checked against an independent fold. */
    static final int DATASETS = 16;
    static final String DATASET_PREFIX = "reliability.load-";

    private static final String[] STATUSES = {"SUCCESS", "SUCCESS", "SUCCESS", "FAILURE", "PARTIAL"};
    private static final String[] HEALTH = {"HEALTHY", "HEALTHY", "DEGRADED", "UNHEALTHY"};

    private record Batch(String type, String topic, String body, List<String> eventIds) {
    }

    private final PlatformUnderTest platform;
    private final Ledger ledger;
    private final ClientOutcomes outcomes;
    private final Load.Switch running;
    private final Random random;
    private final Http http = new Http();
    private final String token;
    private final List<Batch> recent = new ArrayList<>();

    EventTraffic(Load.Clients clients, Random random) {
        this.platform = clients.platform();
        this.ledger = clients.ledger();
        this.outcomes = clients.outcomes();
        this.running = clients.running();
        this.random = random;
        this.token = platform.token(LocalToken.EVENTS_WRITER);
    }

    @Override
    public void run() {
        while (running.on()) {
            Batch batch = random.nextInt(10) == 0 && !recent.isEmpty()
                    ? recent.get(random.nextInt(recent.size()))
                    : next();
            send(batch);
            running.pause(40);
        }
    }

    private Batch next() {
        int pick = random.nextInt(20);
        Batch batch = pick < 15 ? ingestion(20) : pick < 18 ? quality(10) : health(5);
        recent.add(batch);
        if (recent.size() > 20) {
            recent.remove(0);
        }
        return batch;
    }

    private void send(Batch batch) {
        for (String id : batch.eventIds) {
            ledger.events().get(id).sent.incrementAndGet();
        }
        Http.Answer answer = http.send("POST", platform.url("event-gateway") + "/events/" + batch.type + "/batch",
                token, batch.body, null);
        outcomes.record("gateway", answer);
        if (answer.status() == 202) {
            ledger.acceptedGatewayCalls.increment();
            for (String id : batch.eventIds) {
                ledger.events().get(id).acknowledged.incrementAndGet();
            }
        }
    }

    /**
     * A batch of {@code size} events of one type, each with a new eventId; {@code event} writes an event's JSON for its
     * eventId and enters in the ledger what the end checks need to know of it.
     */
    private Batch batch(String type, String topic, int size, Function<String, String> event) {
        List<String> ids = new ArrayList<>();
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < size; i++) {
            String id = UUID.randomUUID().toString();
            ids.add(id);
            body.append(i == 0 ? "" : ",").append(event.apply(id));
        }
        return new Batch(type, topic, body.append(']').toString(), ids);
    }

    private Batch ingestion(int size) {
        Instant now = Instant.now();
        return batch("DataIngestion", "data-ingestion", size, id -> {
            Ledger.Ingestion facts = new Ledger.Ingestion(DATASET_PREFIX + random.nextInt(DATASETS), now,
                    1 + random.nextInt(10_000), 1 + random.nextInt(1_000_000), STATUSES[random.nextInt(STATUSES.length)]);
            ledger.event(id, "data-ingestion", facts);
            return """
                    {"eventId":"%s","source":"reliability","timestamp":"%s","datasetName":"%s","recordCount":%d,\
                    "sizeBytes":%d,"format":"parquet","location":"s3://lake/reliability","status":"%s","metadata":{}}"""
                    .formatted(id, facts.timestamp(), facts.dataset(), facts.recordCount(), facts.sizeBytes(),
                            facts.status());
        });
    }

    private Batch quality(int size) {
        return batch("DataQuality", "data-quality", size, id -> {
            ledger.event(id, "data-quality", null);
            boolean passed = random.nextInt(4) > 0;
            return """
                    {"eventId":"%s","source":"reliability","timestamp":"%s","datasetName":"%s","checkName":"check-%d",\
                    "checkType":"not_null","passed":%s,"severity":"%s","metadata":{}}"""
                    .formatted(id, Instant.now(), DATASET_PREFIX + random.nextInt(DATASETS), random.nextInt(5), passed,
                            passed ? "INFO" : "CRITICAL");
        });
    }

    private Batch health(int size) {
        return batch("ServiceHealth", "system-health", size, id -> {
            ledger.event(id, "system-health", null);
            return """
                    {"eventId":"%s","source":"reliability","timestamp":"%s","serviceName":"reliability-service-%d",\
                    "namespace":"reliability","healthStatus":"%s","latencyMs":%d,"errorRate":0.01}"""
                    .formatted(id, Instant.now(), random.nextInt(8), HEALTH[random.nextInt(HEALTH.length)],
                            random.nextInt(500));
        });
    }
}
