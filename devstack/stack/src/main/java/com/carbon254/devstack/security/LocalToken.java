package com.carbon254.devstack.security;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The ready-to-use tokens {@code ./platform up} writes to {@code .platform/tokens.env} and prints: one per role a
 * local user needs, and an admin token holding every role. The role names are the platform's
 * ({@code com.carbon254.api.runtime.Roles}, which the devstack cannot depend on; api-runtime's tests check that
 * {@link #ADMIN} holds every one of them).
 *
 * @param variable name of the line in tokens.env
 * @param subject  the token's subject: the actor the audit trail records
 * @param roles    its {@code groups} claim
 */
public record LocalToken(String variable, String subject, Set<String> roles) {

    public static final String EVENTS_WRITE = "events:write";
    public static final String DATASETS_WRITE = "datasets:write";
    public static final String DATASETS_READ = "datasets:read";
    public static final String AUDIT_WRITE = "audit:write";
    public static final String PLATFORM_ADMIN = "platform:admin";

    public static final LocalToken EVENTS_WRITER = new LocalToken("TOKEN_EVENTS_WRITER", "local-events-writer",
            Set.of(EVENTS_WRITE));
    public static final LocalToken DATASETS_WRITER = new LocalToken("TOKEN_DATASETS_WRITER", "local-datasets-writer",
            Set.of(DATASETS_WRITE, DATASETS_READ));
    public static final LocalToken DATASETS_READER = new LocalToken("TOKEN_DATASETS_READER", "local-datasets-reader",
            Set.of(DATASETS_READ));
    /** A recorder of audit and security events (e.g. an application's own user-action audit) through the gateway. */
    public static final LocalToken AUDIT_WRITER = new LocalToken("TOKEN_AUDIT_WRITER", "local-audit-writer",
            Set.of(AUDIT_WRITE));
    public static final LocalToken ADMIN = new LocalToken("TOKEN_ADMIN", "local-admin",
            Set.of(EVENTS_WRITE, DATASETS_WRITE, DATASETS_READ, AUDIT_WRITE, PLATFORM_ADMIN));

    /** Every local token, in the order of tokens.env. */
    public static final java.util.List<LocalToken> ALL = java.util.List.of(EVENTS_WRITER, DATASETS_WRITER,
            DATASETS_READER, AUDIT_WRITER, ADMIN);

    /** How long the local tokens are valid: long enough for local use; {@code ./platform up} issues new ones. */
    public static final Duration LIFETIME = Duration.ofDays(30);

    /** {@code variable -> token} for every local token, signed by {@code issuer}. */
    public static Map<String, String> issueAll(LocalTokenIssuer issuer) {
        Map<String, String> tokens = new LinkedHashMap<>();
        for (LocalToken token : ALL) {
            tokens.put(token.variable(), issuer.issue(token.subject(), token.roles(), LIFETIME));
        }
        return tokens;
    }
}
