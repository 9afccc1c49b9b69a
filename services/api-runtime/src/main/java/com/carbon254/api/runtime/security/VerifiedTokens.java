package com.carbon254.api.runtime.security;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.smallrye.jwt.auth.principal.ParseException;

/**
 * The bearer tokens verified recently, and what they said. A client that sends the same token on every call (a service
 * account, a producer posting batch after batch) has its token's signature checked and its claims parsed once, not on
 * every request: on the gateway that was 8 % of the CPU per 500-event batch, on the command side a large share of each
 * command (see {@code bench/README.md}).
 *
 * <p>A token is reused only while all of this holds: it verified successfully (a refusal is never remembered), its
 * {@code exp} has not passed, its age is within {@code maxTokenAge} when one is set, and it was verified less than
 * {@code maxReuse} ago. The last bound is how long a token signed by a key that was just withdrawn from the key set
 * keeps being accepted. At most {@code maxEntries} tokens are held; beyond that, expired ones are dropped, and if none
 * is, a new token is verified without being remembered.
 */
final class VerifiedTokens {

    /** Checks a token: its signature, issuer, times; as {@code JWTParser#parse}. */
    @FunctionalInterface
    interface Verifier {
        JsonWebToken verify(String token) throws ParseException;
    }

    private record Verified(JsonWebToken token, long reusableUntilMillis) {
    }

    private final Map<String, Verified> verified = new ConcurrentHashMap<>();
    private final Duration maxReuse;
    private final Duration maxTokenAge;
    private final int maxEntries;
    private final Clock clock;

    /**
     * @param maxReuse    how long one verification is reused at most; zero disables the cache
     * @param maxTokenAge the longest a token is accepted after its {@code iat} ({@code mp.jwt.verify.token.age}), or
     *                    null when there is no such limit
     * @param maxEntries  the most tokens remembered at once
     */
    VerifiedTokens(Duration maxReuse, Duration maxTokenAge, int maxEntries, Clock clock) {
        this.maxReuse = maxReuse;
        this.maxTokenAge = maxTokenAge;
        this.maxEntries = maxEntries;
        this.clock = clock;
    }

    /** The token's claims, verified now by {@code verifier} or within the bounds above. */
    JsonWebToken verified(String token, Verifier verifier) throws ParseException {
        long now = clock.millis();
        Verified known = verified.get(token);
        if (known != null && now < known.reusableUntilMillis()) {
            return known.token();
        }
        JsonWebToken claims = verifier.verify(token);
        remember(token, claims, now);
        return claims;
    }

    /** How many verifications are held (expired ones included until they are dropped). */
    int size() {
        return verified.size();
    }

    private void remember(String token, JsonWebToken claims, long now) {
        if (maxReuse.isZero() || maxReuse.isNegative()) {
            return;
        }
        long until = now + maxReuse.toMillis();
        if (claims.getExpirationTime() > 0) {
            until = Math.min(until, claims.getExpirationTime() * 1000);
        }
        if (maxTokenAge != null) {
            if (claims.getIssuedAtTime() <= 0) {
                return;
            }
            until = Math.min(until, claims.getIssuedAtTime() * 1000 + maxTokenAge.toMillis());
        }
        if (until <= now) {
            return;
        }
        if (verified.size() >= maxEntries) {
            verified.values().removeIf(v -> v.reusableUntilMillis() <= now);
        }
        if (verified.size() < maxEntries) {
            verified.put(token, new Verified(claims, until));
        }
    }
}
