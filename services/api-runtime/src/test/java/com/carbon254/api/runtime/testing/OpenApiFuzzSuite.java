package com.carbon254.api.runtime.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.Set;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import com.carbon254.api.runtime.security.Roles;
import com.carbon254.devstack.testing.TestTokens;

import io.quarkus.test.common.http.TestHTTPResource;

/**
 * The fuzz suite of one API: every operation of its OpenAPI document, fuzzed ({@link OpenApiFuzz}); no 5xx (but those
 * the operation documents, answered as problems, e.g. 504 when a read-your-writes wait runs out), every 4xx a problem
 * body, every answer within 30 s. A service's test extends it with its {@code @QuarkusTest} and test
 * resource. The seed is fixed (a failing choice repeats); set {@code -Dcarbon254.fuzz.seed} to explore others.
 */
public abstract class OpenApiFuzzSuite {

    private static final Logger LOG = Logger.getLogger(OpenApiFuzzSuite.class);

    @TestHTTPResource("/")
    URI root;

    /** Requests sent to each operation. */
    protected abstract int requestsPerOperation();

    /** Operations ({@code "POST /path"}) only ever sent invalid input (a valid one would start lasting work). */
    protected Set<String> invalidOnly() {
        return Set.of();
    }

    @Test
    void noOperationAnswers5xxOrAnUnexplained4xx() throws Exception {
        long seed = Long.getLong("carbon254.fuzz.seed", 254L);
        OpenApiFuzz.Report report = new OpenApiFuzz(root, TestTokens.forRoles(Roles.PLATFORM_ADMIN), seed,
                invalidOnly(), Duration.ofSeconds(30)).run(requestsPerOperation());

        LOG.infof("OpenAPI fuzz of %s (seed %d): %s", getClass().getPackageName(), seed, report);
        assertThat(report.violations()).as(report.toString()).isEmpty();
        assertThat(report.statuses().keySet()).as("valid requests got through").anyMatch(status -> status < 300);
    }
}
