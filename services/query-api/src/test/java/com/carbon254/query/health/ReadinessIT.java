package com.carbon254.query.health;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * {@link ReadinessTest} against the packaged application (the JVM jar, or the native executable with
 * {@code -Pnative}), started with the same test resource. Runs with {@code -DskipITs=false}.
 */
@QuarkusIntegrationTest
class ReadinessIT extends ReadinessTest {
}
