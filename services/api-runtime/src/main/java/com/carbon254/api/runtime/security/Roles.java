package com.carbon254.api.runtime.security;

import java.util.Set;

/**
 * The roles of the platform's APIs, as the {@code groups} claim of a bearer token carries them. {@link #PLATFORM_ADMIN}
 * implies every other role ({@link AdminRoleAugmentor}).
 */
public final class Roles {

    /** Publish events through the event gateway. */
    public static final String EVENTS_WRITE = "events:write";
    /** Create, change and delete datasets (dataset commands). */
    public static final String DATASETS_WRITE = "datasets:write";
    /** Read datasets and the read models. */
    public static final String DATASETS_READ = "datasets:read";
    /** Operate the platform (rebuilds, dead-letter re-drives); holds every other role too. */
    public static final String PLATFORM_ADMIN = "platform:admin";

    /** Every role. */
    public static final Set<String> ALL = Set.of(EVENTS_WRITE, DATASETS_WRITE, DATASETS_READ, PLATFORM_ADMIN);

    private Roles() {
    }
}
