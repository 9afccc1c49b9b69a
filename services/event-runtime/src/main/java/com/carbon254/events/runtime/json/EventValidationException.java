package com.carbon254.events.runtime.json;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A JSON event (or batch of events) does not satisfy the Avro contract of its event type. Carries every violation
 * found, not only the first, so a producer can fix them all at once.
 */
public class EventValidationException extends RuntimeException {

    private static final int VIOLATIONS_IN_MESSAGE = 10;

    private final transient List<FieldViolation> violations;

    /**
     * @param subject    what was read, e.g. {@code "DataIngestion event"}
     * @param violations every violation found (at least one)
     */
    public EventValidationException(String subject, List<FieldViolation> violations) {
        super(message(subject, violations));
        this.violations = List.copyOf(violations);
    }

    /** Every violation found, in document order. */
    public List<FieldViolation> violations() {
        return violations;
    }

    private static String message(String subject, List<FieldViolation> violations) {
        String listed = violations.stream().limit(VIOLATIONS_IN_MESSAGE).map(FieldViolation::toString)
                .collect(Collectors.joining("; "));
        int more = violations.size() - VIOLATIONS_IN_MESSAGE;
        return "Invalid " + subject + " (" + violations.size() + (violations.size() == 1 ? " violation" : " violations")
                + "): " + listed + (more > 0 ? "; and " + more + " more" : "");
    }
}
