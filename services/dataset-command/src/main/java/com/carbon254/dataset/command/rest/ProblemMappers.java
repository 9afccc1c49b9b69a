package com.carbon254.dataset.command.rest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.carbon254.api.runtime.rest.Problem;

import com.carbon254.dataset.command.domain.DatasetNotFoundException;
import com.carbon254.dataset.command.domain.DuplicateDatasetNameException;
import com.carbon254.dataset.command.domain.VersionConflictException;
import com.carbon254.events.runtime.json.FieldViolation;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * The errors of the dataset commands as RFC 9457 problems ({@code application/problem+json}); validation problems
 * list each invalid field in {@code errors}. The failures every API shares (401, 403, other HTTP errors, a body that
 * is not JSON) are api-runtime's {@code ProblemMappers}.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response notFound(DatasetNotFoundException e, UriInfo uri) {
        return problem(Problem.of(DatasetProblems.NOT_FOUND, "Dataset not found", 404, e.getMessage(), path(uri))
                .with("datasetId", e.datasetId()));
    }

    @ServerExceptionMapper
    public Response staleVersion(VersionConflictException e, UriInfo uri) {
        return problem(Problem.of(DatasetProblems.VERSION_CONFLICT, "Version conflict", 409, e.getMessage(), path(uri))
                .with("datasetId", e.datasetId().toString())
                .with("currentVersion", e.currentVersion())
                .with("expectedVersion", e.expectedVersion()));
    }

    @ServerExceptionMapper
    public Response duplicateName(DuplicateDatasetNameException e, UriInfo uri) {
        return problem(Problem.of(DatasetProblems.DUPLICATE_NAME, "Dataset name taken", 409, e.getMessage(), path(uri)));
    }

    @ServerExceptionMapper
    public Response preconditionRequired(PreconditionRequiredException e, UriInfo uri) {
        return problem(Problem.of(DatasetProblems.PRECONDITION_REQUIRED, "Precondition required", 428, e.getMessage(), path(uri)));
    }

    @ServerExceptionMapper
    public Response invalidRequest(InvalidRequestException e, UriInfo uri) {
        return validation(e.errors(), uri);
    }

    /** Bean Validation of the body, path, query and header parameters. */
    @ServerExceptionMapper
    public Response constraintViolations(ConstraintViolationException e, UriInfo uri) {
        List<FieldViolation> errors = new ArrayList<>();
        for (ConstraintViolation<?> violation : e.getConstraintViolations()) {
            errors.add(new FieldViolation(field(violation.getPropertyPath()), violation.getMessage()));
        }
        errors.sort(Comparator.comparing(FieldViolation::field).thenComparing(FieldViolation::problem));
        return validation(errors, uri);
    }

    /** A body that is JSON but not of the expected shape: wrong type, unknown enum symbol, ... */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e, UriInfo uri) {
        return validation(List.of(new FieldViolation(jsonPath(e), mismatch(e))), uri);
    }

    private static Response validation(List<FieldViolation> errors, UriInfo uri) {
        String detail = errors.size() == 1 ? errors.get(0).field() + " " + errors.get(0).problem()
                : errors.size() + " invalid fields";
        LOG.debugf("Rejected request to %s: %s", path(uri), errors);
        return problem(Problem.of(DatasetProblems.VALIDATION, "Invalid request", 400, detail, path(uri))
                .withErrors(errors));
    }

    private static Response problem(Problem problem) {
        return problem.toResponse();
    }

    private static String path(UriInfo uri) {
        return Problem.instanceOf(uri);
    }

    /**
     * The client's view of a violation's location: {@code columns[0].name} in the body, or the parameter's
     * name for a query or header parameter; "body" for a missing body.
     */
    static String field(Path path) {
        StringBuilder field = new StringBuilder();
        String parameter = null;
        for (Path.Node node : path) {
            ElementKind kind = node.getKind();
            if (kind == ElementKind.METHOD || kind == ElementKind.CONSTRUCTOR || kind == ElementKind.RETURN_VALUE
                    || kind == ElementKind.CROSS_PARAMETER) {
                continue;
            }
            if (kind == ElementKind.PARAMETER) {
                parameter = node.getName();
                continue;
            }
            if (node.isInIterable()) {
                field.append('[').append(node.getIndex() != null ? node.getIndex() : node.getKey()).append(']');
            }
            if (kind == ElementKind.CONTAINER_ELEMENT || kind == ElementKind.BEAN || node.getName() == null) {
                continue;
            }
            if (!field.isEmpty()) {
                field.append('.');
            }
            field.append(node.getName());
        }
        if (!field.isEmpty()) {
            return field.toString();
        }
        return parameter == null || parameter.equals("request") ? "body" : parameter;
    }

    private static String jsonPath(JsonMappingException e) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getIndex() >= 0) {
                field.append('[').append(reference.getIndex()).append(']');
            } else if (reference.getFieldName() != null) {
                if (!field.isEmpty()) {
                    field.append('.');
                }
                field.append(reference.getFieldName());
            }
        }
        return field.isEmpty() ? "body" : field.toString();
    }

    private static String mismatch(MismatchedInputException e) {
        if (e instanceof InvalidFormatException invalid && invalid.getTargetType() != null
                && invalid.getTargetType().isEnum()) {
            Object[] symbols = invalid.getTargetType().getEnumConstants();
            return "must be one of " + java.util.Arrays.toString(symbols);
        }
        if (e instanceof UnrecognizedPropertyException) {
            return "is not a field of this resource";
        }
        Class<?> target = e.getTargetType();
        return target == null ? "has the wrong type" : "must be " + describe(target);
    }

    private static String describe(Class<?> type) {
        if (type == String.class) {
            return "a string";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (java.util.Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object";
    }
}
