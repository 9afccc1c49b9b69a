package com.carbon254.dataset.command.rest;

import com.carbon254.api.runtime.testing.OpenApiFuzzSuite;
import com.carbon254.devstack.testing.EmbeddedStackResource;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** This API's OpenAPI fuzz suite ({@link OpenApiFuzzSuite}). Valid requests run real commands. */
@QuarkusTest
@WithTestResource(value = EmbeddedStackResource.class,
        initArgs = @ResourceArg(name = EmbeddedStackResource.COMPONENTS, value = "kafka,registry,postgres"))
class OpenApiFuzzTest extends OpenApiFuzzSuite {

    @Override
    protected int requestsPerOperation() {
        return 120;
    }
}
