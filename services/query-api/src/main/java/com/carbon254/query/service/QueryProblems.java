package com.carbon254.query.service;

import java.util.Map;

import com.carbon254.api.runtime.rest.ProblemException;
import com.carbon254.api.runtime.rest.ProblemType;

/**
 * The query API's kinds of problem beyond those every API shares (api-runtime's {@link ProblemType}), thrown as
 * {@link ProblemException}s by the resources and services and written by api-runtime's one mechanism.
 */
public final class QueryProblems {

    public static final ProblemType DATASET_NOT_FOUND = new ProblemType("dataset-not-found", "Dataset not found", 404);
    public static final ProblemType SERVICE_NOT_FOUND = new ProblemType("service-not-found", "Service not found", 404);
    public static final ProblemType NOT_IN_LINEAGE = new ProblemType("not-in-lineage", "Dataset not in lineage", 404);
    public static final ProblemType VERSION_UNREACHABLE = new ProblemType("version-unreachable", "Version unreachable", 409);
    public static final ProblemType SEARCH_UNAVAILABLE = new ProblemType("search-unavailable", "Search unavailable", 503);
    public static final ProblemType VERSION_NOT_VISIBLE =
            new ProblemType("version-not-visible", "Version not yet visible", 504);

    private QueryProblems() {
    }

    /** 400 about the request as a whole (a combination of parameters, a query the search node refused). */
    public static ProblemException badRequest(String detail) {
        return ProblemType.INVALID_REQUEST.exception(detail);
    }

    /** The problem with these extension members, in their order (null values left out). */
    static ProblemException with(ProblemException problem, Map<String, Object> extensions) {
        ProblemException extended = problem;
        for (Map.Entry<String, Object> extension : extensions.entrySet()) {
            extended = extended.with(extension.getKey(), extension.getValue());
        }
        return extended;
    }
}
