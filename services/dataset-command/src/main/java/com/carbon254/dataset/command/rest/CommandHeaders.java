package com.carbon254.dataset.command.rest;

import com.carbon254.api.runtime.rest.ProblemException;
import com.carbon254.events.runtime.json.FieldViolation;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.carbon254.dataset.command.service.CommandContext;

/** The request headers that end up in the event envelope, and the actor (the token's subject). */
final class CommandHeaders {

    static final String CORRELATION_ID = "X-Correlation-Id";
    static final String CAUSATION_ID = "X-Causation-Id";

    private static final int MAX_LENGTH = 255;

    private CommandHeaders() {
    }

    /**
     * The command context of a request. Without {@code X-Correlation-Id} the command starts a new flow and gets a
     * fresh id (returned in the response header), so every event can be traced to its request.
     */
    static CommandContext context(String actor, String correlationId, String causationId) {
        List<FieldViolation> errors = new ArrayList<>();
        check(CORRELATION_ID, correlationId, errors);
        check(CAUSATION_ID, causationId, errors);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return new CommandContext(blankToNull(actor),
                correlationId == null || correlationId.isBlank() ? UUID.randomUUID().toString() : correlationId.trim(),
                blankToNull(causationId));
    }

    private static void check(String header, String value, List<FieldViolation> errors) {
        if (value != null && value.length() > MAX_LENGTH) {
            errors.add(new FieldViolation(header, "must be at most " + MAX_LENGTH + " characters"));
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
