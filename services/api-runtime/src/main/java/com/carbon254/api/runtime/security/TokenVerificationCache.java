package com.carbon254.api.runtime.security;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;

/**
 * The {@link JWTParser} Quarkus' bearer-token authentication uses, in place of SmallRye JWT's own: it is SmallRye's
 * {@link DefaultJWTParser} (same keys, issuer, clock skew and claims rules) that reuses a successful verification of
 * the same token for a short while ({@link VerifiedTokens} says exactly when). Only {@link #parse(String)}, the
 * verification of a request's token, is reused; the parser's other methods verify with other keys or settings and
 * are SmallRye's, never reused.
 *
 * <p>{@code carbon254.security.verified-token-reuse} (default 60 s; 0 turns the reuse off) bounds how long a token
 * stays accepted after its signing key is withdrawn; {@code carbon254.security.verified-token-max-entries} (default
 * 10000) bounds the memory.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class TokenVerificationCache extends DefaultJWTParser {

    @ConfigProperty(name = "carbon254.security.verified-token-reuse", defaultValue = "60s")
    Duration reuse;

    @ConfigProperty(name = "carbon254.security.verified-token-max-entries", defaultValue = "10000")
    int maxEntries;

    /** MicroProfile JWT's limit on a token's age after {@code iat}, in seconds, if set. */
    @ConfigProperty(name = "mp.jwt.verify.token.age")
    Optional<Long> maxTokenAgeSeconds;

    private VerifiedTokens tokens;

    @PostConstruct
    void create() {
        tokens = new VerifiedTokens(reuse, maxTokenAgeSeconds.map(Duration::ofSeconds).orElse(null), maxEntries,
                Clock.systemUTC());
    }

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        return tokens.verified(token, super::parse);
    }
}
