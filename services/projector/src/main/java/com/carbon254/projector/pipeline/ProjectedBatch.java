package com.carbon254.projector.pipeline;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What a projection did with the records of one batch: how many ended how ({@link Outcome}, shared by every
 * projection's metrics), and the records it rejected, with the reason, which go to their topic's dead-letter topic in
 * the same transaction.
 *
 * @param <V> value type of the records
 */
public final class ProjectedBatch<V> {

    /**
     * A record that cannot be applied, and why.
     *
     * @param cause the failure behind the reason when there is one (a database error that isolated the record), else
     *              null; it becomes the dead letter's {@code dead-letter-cause}
     */
    public record Rejected<V>(ConsumedRecord<V> record, String reason, Throwable cause) {
    }

    private final Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
    private final List<Rejected<V>> rejected = new ArrayList<>();

    public ProjectedBatch<V> count(Outcome outcome) {
        return count(outcome, 1);
    }

    public ProjectedBatch<V> count(Outcome outcome, int n) {
        if (n > 0) {
            outcomes.merge(outcome, n, Integer::sum);
        }
        return this;
    }

    /** Rejects a record (counted as {@link Outcome#REJECTED}). */
    public ProjectedBatch<V> reject(ConsumedRecord<V> record, String reason) {
        return reject(record, reason, null);
    }

    /** Rejects a record because of a failure (counted as {@link Outcome#REJECTED}). */
    public ProjectedBatch<V> reject(ConsumedRecord<V> record, String reason, Throwable cause) {
        count(Outcome.REJECTED);
        rejected.add(new Rejected<>(record, reason, cause));
        return this;
    }

    /**
     * The records that are events of {@code type}, in order, typed (with where each was read); the poison records and
     * the events of another type are rejected (with their reason).
     */
    public <E> List<ConsumedRecord<E>> accept(List<ConsumedRecord<V>> records, Class<E> type) {
        return accept(records, record -> {
            if (!type.isInstance(record.value())) {
                throw new IllegalArgumentException(UnexpectedEvents.reason(record));
            }
            return new ConsumedRecord<>(record.source(), record.key(), type.cast(record.value()), record.headers(),
                    null, record.handle());
        });
    }

    /**
     * The records mapped, in order; the poison records and those whose mapping throws are rejected (the reason: the
     * exception's message).
     */
    public <E> List<E> accept(List<ConsumedRecord<V>> records, Function<ConsumedRecord<V>, E> mapping) {
        List<E> accepted = new ArrayList<>(records.size());
        for (ConsumedRecord<V> record : records) {
            if (record.isPoison()) {
                reject(record, record.poisonReason());
                continue;
            }
            try {
                accepted.add(mapping.apply(record));
            } catch (RuntimeException e) {
                reject(record, e.getMessage() == null ? e.toString() : e.getMessage());
            }
        }
        return accepted;
    }

    /** How many records ended with {@code outcome}. */
    public int counted(Outcome outcome) {
        return outcomes.getOrDefault(outcome, 0);
    }

    public Map<Outcome, Integer> outcomes() {
        return outcomes;
    }

    public List<Rejected<V>> rejected() {
        return rejected;
    }
}
