package com.carbon254.dataset.command.service;

import java.util.Objects;

/**
 * Who issued a command and which flow it belongs to; copied into the envelope of the event it produces.
 *
 * @param actor         user or service acting ({@code X-Actor}); {@value #ANONYMOUS} when not given
 * @param correlationId id of the business flow ({@code X-Correlation-Id}); never null
 * @param causationId   id of what caused the command ({@code X-Causation-Id}), or null
 */
public record CommandContext(String actor, String correlationId, String causationId) {

    /** The actor of a command that names none. */
    public static final String ANONYMOUS = "anonymous";

    public CommandContext {
        Objects.requireNonNull(correlationId, "correlationId");
        actor = actor == null || actor.isBlank() ? ANONYMOUS : actor;
    }
}
