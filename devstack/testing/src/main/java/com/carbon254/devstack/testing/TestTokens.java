package com.carbon254.devstack.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import com.carbon254.devstack.EmbeddedStack;
import com.carbon254.devstack.security.LocalTokenIssuer;

/**
 * Bearer tokens for the tests of a service, signed by the one key of the test JVM whose public key
 * {@link EmbeddedStackResource} gives the service under test:
 *
 * <pre>{@code
 * given().auth().oauth2(TestTokens.forRoles("events:write")).post("/events/DataIngestion") ...
 * }</pre>
 */
public final class TestTokens {

    /** The subject of the tokens made by {@link #forRoles}. */
    public static final String TEST_SUBJECT = "test-user";

    private static LocalTokenIssuer issuer;
    private static LocalTokenIssuer otherIssuer;

    private TestTokens() {
    }

    /** A token of {@value #TEST_SUBJECT} holding {@code roles}, valid for an hour. */
    public static String forRoles(String... roles) {
        return forSubject(TEST_SUBJECT, roles);
    }

    /** A token of {@code subject} holding {@code roles}, valid for an hour. */
    public static String forSubject(String subject, String... roles) {
        return issuer().issue(subject, Set.of(roles), Duration.ofHours(1));
    }

    /** A token that expired an hour ago (validly signed otherwise). */
    public static String expired(String... roles) {
        Instant now = Instant.now();
        return issuer().issue(TEST_SUBJECT, Set.of(roles), now.minus(Duration.ofHours(2)), now.minus(Duration.ofHours(1)));
    }

    /** A token signed by a key the services do not know (same issuer, subject and roles otherwise). */
    public static String signedByUnknownKey(String... roles) {
        return otherIssuer().issue(TEST_SUBJECT, Set.of(roles), Duration.ofHours(1));
    }

    /** The issuer of this JVM's tokens (its key in a temporary folder, deleted when the JVM exits). */
    public static synchronized LocalTokenIssuer issuer() {
        if (issuer == null) {
            issuer = LocalTokenIssuer.inFolder(temporaryFolder("carbon254-jwt-"));
        }
        return issuer;
    }

    /** The configuration that makes a service under test accept these tokens (public key location, issuer). */
    public static Map<String, String> quarkusConfig() {
        return issuer().quarkusConfig();
    }

    private static synchronized LocalTokenIssuer otherIssuer() {
        if (otherIssuer == null) {
            otherIssuer = LocalTokenIssuer.inFolder(temporaryFolder("carbon254-jwt-other-"));
        }
        return otherIssuer;
    }

    private static Path temporaryFolder(String prefix) {
        try {
            Path folder = Files.createTempDirectory(prefix);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> EmbeddedStack.deleteRecursively(folder), "jwt-key-delete"));
            return folder;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
