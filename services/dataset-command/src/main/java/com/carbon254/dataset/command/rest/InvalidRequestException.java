package com.carbon254.dataset.command.rest;

import com.carbon254.events.runtime.json.FieldViolation;

import java.util.List;

/** Input the bean constraints cannot express (headers, cross-field rules) is invalid; answered with 400. */
public class InvalidRequestException extends RuntimeException {

    private final List<FieldViolation> errors;

    public InvalidRequestException(String field, String problem) {
        this(List.of(new FieldViolation(field, problem)));
    }

    public InvalidRequestException(List<FieldViolation> errors) {
        super(errors.size() == 1 ? errors.get(0).field() + ": " + errors.get(0).problem() : errors.size() + " invalid fields");
        this.errors = List.copyOf(errors);
    }

    public List<FieldViolation> errors() {
        return errors;
    }
}
