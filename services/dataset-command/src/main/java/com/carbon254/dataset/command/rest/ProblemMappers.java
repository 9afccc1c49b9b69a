package com.carbon254.dataset.command.rest;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.carbon254.api.runtime.rest.Problem;
import com.carbon254.dataset.command.domain.DatasetNotFoundException;
import com.carbon254.dataset.command.domain.DuplicateDatasetNameException;
import com.carbon254.dataset.command.domain.VersionConflictException;

/**
 * The domain's failures as the dataset command API's problems ({@link DatasetProblems}). Everything else (invalid
 * parameters and bodies, unknown fields, 401, 403, other HTTP errors) is api-runtime's one mechanism.
 */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response notFound(DatasetNotFoundException e, UriInfo uri) {
        return DatasetProblems.NOT_FOUND.exception(e.getMessage()).with("datasetId", e.datasetId())
                .toResponse(Problem.instanceOf(uri));
    }

    @ServerExceptionMapper
    public Response staleVersion(VersionConflictException e, UriInfo uri) {
        return DatasetProblems.VERSION_CONFLICT.exception(e.getMessage())
                .with("datasetId", e.datasetId().toString())
                .with("currentVersion", e.currentVersion())
                .with("expectedVersion", e.expectedVersion())
                .toResponse(Problem.instanceOf(uri));
    }

    @ServerExceptionMapper
    public Response duplicateName(DuplicateDatasetNameException e, UriInfo uri) {
        return DatasetProblems.DUPLICATE_NAME.exception(e.getMessage()).toResponse(Problem.instanceOf(uri));
    }
}
