package com.carbon254.events.gateway;

import com.carbon254.api.runtime.testing.OpenApiFuzzSuite;
import com.carbon254.devstack.testing.EmbeddedStackResource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/** This API's OpenAPI fuzz suite ({@link OpenApiFuzzSuite}). Valid requests publish real events. */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedStackResource.class,
        initArgs = @ResourceArg(name = EmbeddedStackResource.COMPONENTS, value = "kafka,registry"))
class OpenApiFuzzTest extends OpenApiFuzzSuite {

    @Override
    protected int requestsPerOperation() {
        return 150;
    }
}
