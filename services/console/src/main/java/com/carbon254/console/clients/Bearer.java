package com.carbon254.console.clients;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.rest.client.ext.ClientHeadersFactory;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * The signed-in user's own token, as the {@code Authorization} header of the console's calls to the platform's APIs:
 * the APIs authorize and audit each call as the user, and the console adds no permission of its own. The bearer token
 * a script sent or a browser pasted; after a sign-in with the identity provider, its access token.
 *
 * <p>The clients registered with it ({@link QueryApi}, {@link ProjectorAdminApi}) get the header added to each call made
 * while a page's request is active. A call made after the request has ended (a server-sent event stream that polls)
 * has no user to ask: it passes the {@link #header()} captured while the request was active, and that one is kept.
 */
@ApplicationScoped
public class Bearer implements ClientHeadersFactory {

    @Inject
    SecurityIdentity identity;

    /** {@code Bearer <the user's token>}; only while the user's request is active. */
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

    @Override
    public MultivaluedMap<String, String> update(MultivaluedMap<String, String> incomingHeaders,
            MultivaluedMap<String, String> clientOutgoingHeaders) {
        MultivaluedMap<String, String> headers = new MultivaluedHashMap<>();
        if (!clientOutgoingHeaders.containsKey(HttpHeaders.AUTHORIZATION)) {
            headers.putSingle(HttpHeaders.AUTHORIZATION, header());
        }
        return headers;
    }
}
