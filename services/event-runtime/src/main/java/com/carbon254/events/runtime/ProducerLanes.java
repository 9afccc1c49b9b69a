package com.carbon254.events.runtime;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.smallrye.reactive.messaging.kafka.KafkaClientService;

/**
 * Hands publications to the {@value EventPublisher#CHANNEL} channel's own Kafka producer (the one SmallRye created,
 * with its configuration, serializer and health checks), bypassing the emitter: one task per publication on one of
 * {@code carbon254.publish.sending-lanes} single-threaded lanes, one callback per record. Only for the path whose
 * throughput is the point ({@link EventPublisher#publishAllDirectly}); see the event runtime's README.
 *
 * <p>Sending serializes (Avro through the registry) and compresses on the sending thread, so a single one, as the
 * channel's own, caps it at one core's worth of that work: hence several lanes (the Kafka producer is thread-safe).
 * Each calling thread keeps one lane, so the calls one thread makes are sent in the order it made them.
 */
@ApplicationScoped
class ProducerLanes {

    @Inject
    KafkaClientService kafka;

    @ConfigProperty(name = "carbon254.publish.sending-lanes", defaultValue = "4")
    int sendingLanes;

    private final AtomicInteger lanesGiven = new AtomicInteger();
    private ExecutorService[] lanes;
    private final ThreadLocal<ExecutorService> lane = ThreadLocal.withInitial(
            () -> lanes[Math.floorMod(lanesGiven.getAndIncrement(), lanes.length)]);

    @PostConstruct
    void open() {
        lanes = new ExecutorService[Math.max(1, sendingLanes)];
        for (int i = 0; i < lanes.length; i++) {
            lanes[i] = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon()
                    .name(EventPublisher.CHANNEL + "-sending-lane-" + i).factory());
        }
    }

    @PreDestroy
    void close() {
        // Publications still queued fail by their timeout; the producer itself is flushed and closed by SmallRye.
        for (ExecutorService l : lanes) {
            l.shutdown();
        }
    }

    /** Sends the publication's records in order, on the calling thread's lane (sending may block: full buffer). */
    void send(Publication publication) {
        Producer<String, SpecificRecord> producer = kafka.<String, SpecificRecord>getProducer(EventPublisher.CHANNEL)
                .unwrap();
        try {
            lane.get().execute(() -> sendAll(producer, publication));
        } catch (RejectedExecutionException closing) {
            publication.notSent(closing);
        }
    }

    private static void sendAll(Producer<String, SpecificRecord> producer, Publication publication) {
        publication.sendEach((e, index) -> {
            try {
                producer.send(new ProducerRecord<>(e.topic(), null, e.key(), e.event(), EventHeaders.of(e.event())),
                        (record, failure) -> {
                            if (failure == null) {
                                publication.acknowledged(index, record);
                            } else {
                                publication.failed(failure);
                            }
                        });
            } catch (RuntimeException refused) {
                // Thrown, not called back (e.g. the serializer refused the record): this record settles here.
                publication.failed(refused);
            }
        });
    }
}
