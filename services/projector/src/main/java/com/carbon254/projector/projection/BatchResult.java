package com.carbon254.projector.projection;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What one committed batch did.
 *
 * @param outcomes  how many records ended how
 * @param changed   the datasets whose state changed (their final state in the batch): what the search index owes
 * @param rejected  the records that went to the dead-letter topic, with the reason
 */
public record BatchResult<H>(Map<DatasetFold.Outcome, Integer> outcomes, List<DatasetState> changed,
        List<Rejection<H>> rejected) {

    /** A record that cannot be applied, and why. */
    public record Rejection<H>(ProjectionRecord<H> record, String reason) {
    }

    public int count(DatasetFold.Outcome outcome) {
        return outcomes.getOrDefault(outcome, 0);
    }

    public int total() {
        return outcomes.values().stream().mapToInt(Integer::intValue).sum();
    }

    static Map<DatasetFold.Outcome, Integer> emptyCounts() {
        return new EnumMap<>(DatasetFold.Outcome.class);
    }
}
