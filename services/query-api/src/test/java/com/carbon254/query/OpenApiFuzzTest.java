package com.carbon254.query;

import com.carbon254.api.runtime.testing.OpenApiFuzzSuite;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** This API's OpenAPI fuzz suite ({@link OpenApiFuzzSuite}). */
@QuarkusTest
@QuarkusTestResource(ReadModelResource.class)
class OpenApiFuzzTest extends OpenApiFuzzSuite {

    @Override
    protected int requestsPerOperation() {
        return 60;
    }
}
