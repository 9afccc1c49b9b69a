package com.carbon254.projector.projection;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What a table projection did with the records of one batch: how many ended how (the outcomes of
 * {@link DatasetFold.Outcome}, shared by every projection's metrics), and the records it rejected, with the reason,
 * which go to their topic's dead-letter topic in the same transaction.
 *
 * @param <V> value type of the records
 */
public final class ProjectedBatch<V> {

    /** A record that cannot be applied, and why. */
    public record Rejected<V>(ConsumedRecord<V> record, String reason) {
    }

    private final Map<DatasetFold.Outcome, Integer> outcomes = new EnumMap<>(DatasetFold.Outcome.class);
    private final List<Rejected<V>> rejected = new ArrayList<>();

    public ProjectedBatch<V> count(DatasetFold.Outcome outcome) {
        return count(outcome, 1);
    }

    public ProjectedBatch<V> count(DatasetFold.Outcome outcome, int n) {
        if (n > 0) {
            outcomes.merge(outcome, n, Integer::sum);
        }
        return this;
    }

    /** Rejects a record (counted as {@link DatasetFold.Outcome#REJECTED}). */
    public ProjectedBatch<V> reject(ConsumedRecord<V> record, String reason) {
        count(DatasetFold.Outcome.REJECTED);
        rejected.add(new Rejected<>(record, reason));
        return this;
    }

    public Map<DatasetFold.Outcome, Integer> outcomes() {
        return outcomes;
    }

    public List<Rejected<V>> rejected() {
        return rejected;
    }
}
