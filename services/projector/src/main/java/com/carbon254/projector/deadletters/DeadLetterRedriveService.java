package com.carbon254.projector.deadletters;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import com.carbon254.api.runtime.audit.AdminOperations;
import com.carbon254.events.common.Outcome;
import com.carbon254.projector.deadletters.DeadLetterStore.Position;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Re-drives dead letters to their original topic: the original key, exact value bytes and headers, minus the
 * dead-letter queue's own headers ({@code dead-letter-*}, and the {@code deserialization-failure-*} ones the consumer
 * added when it could not read the record), plus {@value #REDRIVEN_FROM} naming the dead letter's position.
 *
 * <p>The selected rows stay locked (FOR UPDATE) from the check to the marks, so two concurrent re-drives of one dead
 * letter cannot both publish it. Each copy is marked only after the broker acknowledged it. Each re-driven dead letter
 * is published as an AdminOperation event ({@value #OPERATION}, outcome SUCCESS, target its position); a refused
 * re-drive (unknown or already re-driven dead letters) as one with outcome FAILURE and the reason.
 */
@ApplicationScoped
public class DeadLetterRedriveService {

    /** The operation of a re-drive's AdminOperation event; its target is the dead letter's position. */
    public static final String OPERATION = "dead-letter.redrive";

    /** Header on a re-driven record: {@code <dlqTopic>/<partition>/<offset>} of the dead letter it copies. */
    public static final String REDRIVEN_FROM = "redriven-from";

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Pool pool;

    @Inject
    DeadLetterStore store;

    @Inject
    DeadLetterRedriver redriver;

    @Inject
    AdminOperations adminOperations;

    /** Where one dead letter was re-driven. */
    public record Redriven(String dlqTopic, int dlqPartition, long dlqOffset, String topic, int partition,
            long offset) {
    }

    /** Some selected dead letters do not exist. */
    public static final class UnknownDeadLettersException extends RuntimeException {
        public UnknownDeadLettersException(String message) {
            super(message, null, false, false);
        }
    }

    /** Some selected dead letters were re-driven before (and {@code force} was not given). */
    public static final class AlreadyRedrivenException extends RuntimeException {
        public AlreadyRedrivenException(String message) {
            super(message, null, false, false);
        }
    }

    /** Some selected dead letters hold no copy of the original key or value (it was too large to be copied). */
    public static final class NotCopiedException extends RuntimeException {
        public NotCopiedException(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Re-drives the selected dead letters, in the order given, all or (if any is unknown or already re-driven
     * without {@code force}) none, and publishes the AdminOperation events of the outcome.
     *
     * @param actor         who re-drives (the caller's token subject): recorded on each dead letter and in the audit
     * @param correlationId the request's correlation id, carried by the AdminOperation events; null if none
     */
    public Uni<List<Redriven>> redrive(List<Position> selected, boolean force, String actor, String correlationId) {
        List<Position> positions = List.copyOf(new LinkedHashSet<>(selected));
        return pool.withTransaction(tx -> store.lock(tx, positions).chain(rows -> {
            Map<Position, DeadLetterStore.Stored> byPosition = rows.stream().collect(Collectors.toMap(
                    r -> new Position(r.dlqTopic(), r.dlqPartition(), r.dlqOffset()), Function.identity()));
            List<Position> unknown = positions.stream().filter(p -> !byPosition.containsKey(p)).toList();
            if (!unknown.isEmpty()) {
                return Uni.createFrom().failure(new UnknownDeadLettersException("no dead letter at " + describe(unknown)));
            }
            List<Position> done = positions.stream().filter(p -> byPosition.get(p).redrivenAt() != null).toList();
            if (!done.isEmpty() && !force) {
                return Uni.createFrom().failure(new AlreadyRedrivenException("already re-driven: " + describe(done)
                        + " (set force=true to re-drive again)"));
            }
            List<Position> notCopied = positions.stream().filter(p -> !copiesTheRecord(byPosition.get(p))).toList();
            if (!notCopied.isEmpty()) {
                return Uni.createFrom().failure(new NotCopiedException("no copy of the original key or value in "
                        + describe(notCopied) + " (too large to be copied); re-produce the record from where its"
                        + " dead-letter-topic/-partition/-offset headers point"));
            }
            return Multi.createFrom().iterable(positions)
                    .onItem().transformToUniAndConcatenate(p -> {
                        DeadLetterStore.Stored letter = byPosition.get(p);
                        // Completes on this context, where the transaction lives (the emitter comes back to it).
                        return redriver.send(letter.originalTopic(), letter.recordKey(), letter.value(), headers(letter))
                                .chain(ack -> store.markRedriven(tx, p, actor, ack.partition(), ack.offset())
                                        .replaceWith(new Redriven(p.dlqTopic(), p.dlqPartition(), p.dlqOffset(),
                                                ack.topic(), ack.partition(), ack.offset())));
                    })
                    .collect().asList();
        })).call(redriven -> Multi.createFrom().iterable(redriven)
                // The re-drive happened: the audit never fails its answer (a failed publish is logged and counted).
                .onItem().transformToUniAndConcatenate(r -> adminOperations.record(actor, OPERATION,
                        position(r.dlqTopic(), r.dlqPartition(), r.dlqOffset()), parameters(r, force), Outcome.SUCCESS,
                        null, correlationId))
                .collect().asList())
                .onFailure(e -> e instanceof UnknownDeadLettersException || e instanceof AlreadyRedrivenException
                        || e instanceof NotCopiedException)
                .call(refused -> adminOperations.record(actor, OPERATION, describe(positions),
                        Map.of("force", Boolean.toString(force)), Outcome.FAILURE, refused.getMessage(),
                        correlationId));
    }

    private static Map<String, String> parameters(Redriven r, boolean force) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("topic", r.topic());
        parameters.put("partition", Integer.toString(r.partition()));
        parameters.put("offset", Long.toString(r.offset()));
        parameters.put("force", Boolean.toString(force));
        return parameters;
    }

    /** Whether a dead letter holds the original key and value (not one left out for its size). */
    static boolean copiesTheRecord(DeadLetterStore.Stored letter) {
        try {
            for (JsonNode header : JSON.readTree(letter.headersJson())) {
                String key = header.path("key").asText();
                if (key.equals(com.carbon254.events.runtime.DeadLetters.VALUE_NOT_COPIED)
                        || key.equals(com.carbon254.events.runtime.DeadLetters.KEY_NOT_COPIED)) {
                    return false;
                }
            }
            return true;
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored headers of a dead letter are not JSON", e);
        }
    }

    /** The stored headers, without the dead-letter queue's own, plus where the copy comes from. */
    static Headers headers(DeadLetterStore.Stored letter) {
        RecordHeaders headers = new RecordHeaders();
        try {
            for (JsonNode header : JSON.readTree(letter.headersJson())) {
                String key = header.path("key").asText();
                if (key.startsWith("dead-letter-") || key.startsWith("deserialization-failure-")) {
                    continue;
                }
                JsonNode value = header.get("value");
                headers.add(key, value == null || value.isNull() ? null : Base64.getDecoder().decode(value.asText()));
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored headers of a dead letter are not JSON", e);
        }
        headers.add(REDRIVEN_FROM, position(letter.dlqTopic(), letter.dlqPartition(), letter.dlqOffset())
                .getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    static String position(String topic, int partition, long offset) {
        return topic + "/" + partition + "/" + offset;
    }

    private static String describe(List<Position> positions) {
        List<String> names = new ArrayList<>();
        positions.forEach(p -> names.add(position(p.dlqTopic(), p.dlqPartition(), p.dlqOffset())));
        return String.join(", ", names);
    }
}
