package com.carbon254.projector;

import java.util.Set;

import com.carbon254.api.runtime.testing.OpenApiFuzzSuite;
import com.carbon254.devstack.testing.EmbeddedStackResource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * This API's OpenAPI fuzz suite ({@link OpenApiFuzzSuite}). A replay (rebuild) is only ever sent invalid input: a
 * valid one would start a replay the other tests of this JVM do not expect.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedStackResource.class)
class OpenApiFuzzTest extends OpenApiFuzzSuite {

    @Override
    protected int requestsPerOperation() {
        return 80;
    }

    @Override
    protected Set<String> invalidOnly() {
        return Set.of("POST /admin/projections/{readModel}/rebuild");
    }
}
