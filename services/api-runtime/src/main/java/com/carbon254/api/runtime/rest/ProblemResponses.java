package com.carbon254.api.runtime.rest;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * Documents the body of every error answer of a platform API once: it is a {@link Problem}, whatever the operation.
 * An operation declares an error status with its description only, e.g.
 * {@code @APIResponse(responseCode = "404", description = "No such event type")}, and this filter gives every 4xx and
 * 5xx response without content of its own the {@value Problem#MEDIA_TYPE} content with the {@code Problem} schema. A
 * response that shows examples declares that content itself, and keeps it.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class ProblemResponses implements OASFilter {

    /** The Problem schema, in every API's components: {@link Problem} is a named, annotated schema class. */
    static final String PROBLEM_SCHEMA = "#/components/schemas/Problem";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        for (PathItem path : openAPI.getPaths().getPathItems().values()) {
            for (Operation operation : path.getOperations().values()) {
                if (operation.getResponses() != null && operation.getResponses().getAPIResponses() != null) {
                    operation.getResponses().getAPIResponses().forEach(ProblemResponses::describeBody);
                }
            }
        }
    }

    private static void describeBody(String status, APIResponse response) {
        if (!(status.startsWith("4") || status.startsWith("5")) || response.getRef() != null
                || (response.getContent() != null && !response.getContent().getMediaTypes().isEmpty())) {
            return;
        }
        response.setContent(OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE, OASFactory.createMediaType()
                .schema(OASFactory.createSchema().ref(PROBLEM_SCHEMA))));
    }

}
