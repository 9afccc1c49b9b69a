package com.carbon254.api.runtime.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.carbon254.devstack.security.LocalToken;

class RolesTest {

    @Test
    void theLocalTokensOfTheDevstackUseThePlatformsRolesAndTheAdminHoldsThemAll() {
        assertThat(LocalToken.ADMIN.roles()).containsExactlyInAnyOrderElementsOf(Roles.ALL);
        LocalToken.ALL.forEach(token -> assertThat(Roles.ALL).containsAll(token.roles()));
        assertThat(LocalToken.EVENTS_WRITER.roles()).containsExactly(Roles.EVENTS_WRITE);
        assertThat(LocalToken.DATASETS_READER.roles()).containsExactly(Roles.DATASETS_READ);
        assertThat(LocalToken.DATASETS_WRITER.roles()).contains(Roles.DATASETS_WRITE);
        assertThat(LocalToken.AUDIT_WRITER.roles()).containsExactly(Roles.AUDIT_WRITE);
    }
}
