package com.carbon254.api.runtime.security;

import java.util.Set;

import com.carbon254.events.catalog.PublishRule;

/**
 * The roles of the platform's APIs, as the {@code groups} claim of a bearer token carries them. {@link #PLATFORM_ADMIN}
 * implies every other role ({@link AdminRoleAugmentor}).
 */
public final class Roles {

    /** Publish producers' data and system events through the event gateway ({@link PublishRule#PRODUCER}). */
    public static final String EVENTS_WRITE = PublishRule.EVENTS_WRITE_ROLE;
    /** Publish audit and security events through the event gateway ({@link PublishRule#AUDIT_RECORDER}). */
    public static final String AUDIT_WRITE = PublishRule.AUDIT_WRITE_ROLE;
    /** Create, change and delete datasets (dataset commands). */
    public static final String DATASETS_WRITE = "datasets:write";
    /** Read datasets and the read models. */
    public static final String DATASETS_READ = "datasets:read";
    /** Operate the platform (rebuilds, dead-letter re-drives); holds every other role too. */
    public static final String PLATFORM_ADMIN = "platform:admin";

    /** Every role. */
    public static final Set<String> ALL = Set.of(EVENTS_WRITE, AUDIT_WRITE, DATASETS_WRITE, DATASETS_READ, PLATFORM_ADMIN);

    private Roles() {
    }
}
