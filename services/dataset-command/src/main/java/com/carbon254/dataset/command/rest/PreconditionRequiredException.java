package com.carbon254.dataset.command.rest;

/** A change that must say which version it is based on did not (RFC 6585: 428 Precondition Required). */
public class PreconditionRequiredException extends RuntimeException {

    public PreconditionRequiredException(String message) {
        super(message);
    }
}
