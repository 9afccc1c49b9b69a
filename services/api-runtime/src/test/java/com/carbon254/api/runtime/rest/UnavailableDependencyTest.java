package com.carbon254.api.runtime.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;

import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.DatabaseException;

/** Which failures answer 503 (retry later) rather than 500, however the database client's exception arrives. */
class UnavailableDependencyTest {

    @Test
    void aDatabaseThatIsStartingUpOrGoneIsUnavailableEvenWhenWrapped() {
        assertThat(ProblemMappers.unavailableDependency(database("57P03"))).contains("not available");
        assertThat(ProblemMappers.unavailableDependency(database("08006"))).contains("not available");
        assertThat(ProblemMappers.unavailableDependency(
                new CompletionException(new IllegalStateException("session failed", ClosedConnectionException.INSTANCE))))
                .contains("closed");
        assertThat(ProblemMappers.unavailableDependency(new RuntimeException(new ConnectException("Connection refused"))))
                .contains("cannot be reached");
    }

    @Test
    void otherDatabaseErrorsAndOtherFailuresAreNot() {
        assertThat(ProblemMappers.unavailableDependency(database("23505"))).isNull();
        assertThat(ProblemMappers.unavailableDependency(new CompletionException(new IllegalStateException("bug"))))
                .isNull();
    }

    private static DatabaseException database(String sqlState) {
        return new DatabaseException("server says " + sqlState, 0, sqlState, null) {
        };
    }
}
