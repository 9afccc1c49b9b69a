package com.carbon254.dataset.command.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import com.carbon254.api.runtime.rest.ProblemException;

class VersionPreconditionsTest {

    @Test
    void readsTheVersionFromAnEntityTag() {
        assertThat(VersionPreconditions.expectedVersion("\"3\"", null, true)).isEqualTo(3L);
        assertThat(VersionPreconditions.expectedVersion("W/\"3\"", null, true)).isEqualTo(3L);
        assertThat(VersionPreconditions.expectedVersion("3", null, true)).isEqualTo(3L);
        assertThat(VersionPreconditions.expectedVersion(null, 4L, true)).isEqualTo(4L);
        assertThat(VersionPreconditions.expectedVersion("\"4\"", 4L, true)).isEqualTo(4L);
    }

    @Test
    void wildcardOrNothingMeansAnyVersionWhereAllowed() {
        assertThat(VersionPreconditions.expectedVersion("*", null, true)).isNull();
        assertThat(VersionPreconditions.expectedVersion(null, null, false)).isNull();
    }

    @Test
    void refusesMissingMalformedOrContradictoryVersions() {
        assertThatThrownBy(() -> VersionPreconditions.expectedVersion(null, null, true))
                .isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat(e.type().status()).isEqualTo(428));
        assertThatThrownBy(() -> VersionPreconditions.expectedVersion("\"abc\"", null, true))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.type().status()).isEqualTo(400));
        assertThatThrownBy(() -> VersionPreconditions.expectedVersion("\"3\"", 4L, true))
                .isInstanceOf(ProblemException.class)
                .hasMessageContaining("expectedVersion");
    }
}
