package com.carbon254.console.web;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import com.carbon254.api.runtime.security.Roles;

import io.quarkus.security.identity.SecurityIdentity;

/** Who is signed in, for the page header and the navigation ({@code inject:user} in templates). */
@Named("user")
@RequestScoped
public class CurrentUser {

    @Inject
    SecurityIdentity identity;

    public boolean signedIn() {
        return !identity.isAnonymous();
    }

    public String name() {
        return identity.isAnonymous() ? "" : identity.getPrincipal().getName();
    }

    /** Whether the user may see the auditor's pages and run re-drives and rebuilds. */
    public boolean admin() {
        return identity.hasRole(Roles.PLATFORM_ADMIN);
    }
}
