package com.carbon254.api.runtime.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

import io.smallrye.jwt.auth.principal.ParseException;

/** When a verified token is reused, and when it is verified again. */
class VerifiedTokensTest {

    private static final Instant START = Instant.parse("2026-11-27T12:00:00Z");

    private final MovableClock clock = new MovableClock(START);
    private final AtomicInteger verifications = new AtomicInteger();

    /** A verifier that accepts every token, expiring {@code expiresIn} after {@link #START}. */
    private VerifiedTokens.Verifier accepting(Duration expiresIn) {
        return token -> {
            verifications.incrementAndGet();
            return new Claims(token, START.plus(expiresIn), START);
        };
    }

    @Test
    void aTokenIsVerifiedOnceThenReusedWithinTheReuseWindow() throws Exception {
        VerifiedTokens tokens = new VerifiedTokens(Duration.ofSeconds(60), null, 100, clock);
        JsonWebToken first = tokens.verified("t1", accepting(Duration.ofHours(1)));
        clock.advance(Duration.ofSeconds(59));
        JsonWebToken again = tokens.verified("t1", accepting(Duration.ofHours(1)));

        assertThat(again).isSameAs(first);
        assertThat(verifications).hasValue(1);
        tokens.verified("t2", accepting(Duration.ofHours(1)));
        assertThat(verifications).as("another token is verified on its own").hasValue(2);
    }

    @Test
    void aTokenIsVerifiedAgainOnceTheReuseWindowHasPassed() throws Exception {
        VerifiedTokens tokens = new VerifiedTokens(Duration.ofSeconds(60), null, 100, clock);
        tokens.verified("t1", accepting(Duration.ofHours(1)));
        clock.advance(Duration.ofSeconds(60));
        tokens.verified("t1", accepting(Duration.ofHours(1)));

        assertThat(verifications).hasValue(2);
    }

    @Test
    void aTokenIsNeverReusedPastItsExpiry() throws Exception {
        VerifiedTokens tokens = new VerifiedTokens(Duration.ofMinutes(5), null, 100, clock);
        tokens.verified("t1", accepting(Duration.ofSeconds(10)));
        clock.advance(Duration.ofSeconds(10));
        VerifiedTokens.Verifier refusing = token -> {
            verifications.incrementAndGet();
            throw new ParseException("expired");
        };

        assertThatThrownBy(() -> tokens.verified("t1", refusing)).isInstanceOf(ParseException.class);
        assertThat(verifications).hasValue(2);
    }

    @Test
    void aTokenIsNeverReusedPastTheMaximumTokenAge() throws Exception {
        VerifiedTokens tokens = new VerifiedTokens(Duration.ofMinutes(5), Duration.ofSeconds(30), 100, clock);
        tokens.verified("t1", accepting(Duration.ofHours(1)));
        clock.advance(Duration.ofSeconds(29));
        tokens.verified("t1", accepting(Duration.ofHours(1)));
        assertThat(verifications).hasValue(1);
        clock.advance(Duration.ofSeconds(1));
        tokens.verified("t1", accepting(Duration.ofHours(1)));
        assertThat(verifications).hasValue(2);
    }

    @Test
    void aRefusalIsNotRemembered() throws Exception {
        VerifiedTokens tokens = new VerifiedTokens(Duration.ofSeconds(60), null, 100, clock);
        VerifiedTokens.Verifier refusing = token -> {
            verifications.incrementAndGet();
            throw new ParseException("bad signature");
        };
        assertThatThrownBy(() -> tokens.verified("t1", refusing)).isInstanceOf(ParseException.class);
        assertThatThrownBy(() -> tokens.verified("t1", refusing)).isInstanceOf(ParseException.class);

        assertThat(verifications).hasValue(2);
        assertThat(tokens.size()).isZero();
    }

    @Test
    void aZeroReuseWindowVerifiesEveryTime() throws Exception {
        VerifiedTokens tokens = new VerifiedTokens(Duration.ZERO, null, 100, clock);
        tokens.verified("t1", accepting(Duration.ofHours(1)));
        tokens.verified("t1", accepting(Duration.ofHours(1)));

        assertThat(verifications).hasValue(2);
        assertThat(tokens.size()).isZero();
    }

    @Test
    void theNumberOfRememberedTokensIsBoundedAndExpiredOnesMakeRoom() throws Exception {
        VerifiedTokens tokens = new VerifiedTokens(Duration.ofSeconds(60), null, 2, clock);
        tokens.verified("t1", accepting(Duration.ofHours(1)));
        tokens.verified("t2", accepting(Duration.ofHours(1)));
        tokens.verified("t3", accepting(Duration.ofHours(1)));
        assertThat(tokens.size()).as("full: t3 verified, not remembered").isEqualTo(2);
        tokens.verified("t3", accepting(Duration.ofHours(1)));
        assertThat(verifications).hasValue(4);

        clock.advance(Duration.ofSeconds(61));
        tokens.verified("t3", accepting(Duration.ofHours(1)));
        tokens.verified("t3", accepting(Duration.ofHours(1)));
        assertThat(verifications).as("the expired entries made room for t3").hasValue(5);
        assertThat(tokens.size()).isEqualTo(1);
    }

    /** The claims a verifier returns: the token's raw form, {@code exp} and {@code iat}. */
    private record Claims(String raw, Instant expires, Instant issued) implements JsonWebToken {
        @Override
        public String getName() {
            return "subject";
        }

        @Override
        public Set<String> getClaimNames() {
            return Set.of("raw_token", "exp", "iat");
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T getClaim(String claimName) {
            Map<String, Object> claims = new HashMap<>();
            claims.put("raw_token", raw);
            claims.put("exp", expires.getEpochSecond());
            claims.put("iat", issued.getEpochSecond());
            return (T) claims.get(claimName);
        }
    }

    private static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
