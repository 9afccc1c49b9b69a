package com.carbon254.console.clients;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The signed-in user's own token, as the {@code Authorization} header of the console's calls to the platform's APIs:
 * the APIs authorize and audit each call as the user, and the console adds no permission of its own.
 */
@RequestScoped
public class Bearer {

    @Inject
    JsonWebToken token;

    /** {@code Bearer <the user's token>}. */
    public String header() {
        return "Bearer " + token.getRawToken();
    }
}
