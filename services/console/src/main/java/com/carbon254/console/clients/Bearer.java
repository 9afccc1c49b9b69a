package com.carbon254.console.clients;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * The signed-in user's own token, as the {@code Authorization} header of the console's calls to the platform's APIs:
 * the APIs authorize and audit each call as the user, and the console adds no permission of its own. The bearer token
 * a script sent or a browser pasted; after a sign-in with the identity provider, its access token.
 */
@RequestScoped
public class Bearer {

    @Inject
    SecurityIdentity identity;

    /** {@code Bearer <the user's token>}. */
    public String header() {
        AccessTokenCredential fromIdentityProvider = identity.getCredential(AccessTokenCredential.class);
        if (fromIdentityProvider != null) {
            return "Bearer " + fromIdentityProvider.getToken();
        }
        if (identity.getPrincipal() instanceof JsonWebToken token) {
            return "Bearer " + token.getRawToken();
        }
        throw new IllegalStateException("no token for " + identity.getPrincipal());
    }
}
