package com.carbon254.api.runtime.audit;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.identity.SecurityIdentity;

/** Who an audit event names as its actor: the bearer token's subject, {@value #ANONYMOUS} without one. */
public final class Actors {

    /** The actor of a call without a valid token. */
    public static final String ANONYMOUS = "anonymous";

    private Actors() {
    }

    /** The actor of an identity: its token's subject, else its principal's name, else {@value #ANONYMOUS}. */
    public static String of(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous() || identity.getPrincipal() == null) {
            return ANONYMOUS;
        }
        if (identity.getPrincipal() instanceof JsonWebToken token && token.getSubject() != null) {
            return token.getSubject();
        }
        String name = identity.getPrincipal().getName();
        return name == null || name.isBlank() ? ANONYMOUS : name;
    }
}
