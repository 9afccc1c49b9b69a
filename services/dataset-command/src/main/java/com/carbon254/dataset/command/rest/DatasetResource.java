package com.carbon254.dataset.command.rest;

import java.net.URI;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.RestResponse.ResponseBuilder;

import com.carbon254.api.runtime.audit.Actors;
import com.carbon254.api.runtime.rest.Problem;
import com.carbon254.api.runtime.security.Roles;
import com.carbon254.dataset.command.mapping.DatasetRestMapper;
import com.carbon254.dataset.command.service.CommandContext;
import com.carbon254.dataset.command.service.CommandResult;
import com.carbon254.dataset.command.service.DatasetProblems;
import com.carbon254.dataset.command.service.DatasetCommandService;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * The dataset commands over HTTP: commands require the {@value Roles#DATASETS_WRITE} role, reading the current state
 * {@value Roles#DATASETS_READ}; the actor of every command (its events' createdBy/updatedBy/deletedBy) is the subject
 * of the caller's bearer token.
 *
 * <p>A 2xx answer means the change and its event are committed together; the event
 * reaches the {@code data-events} topic shortly after (the read models follow from there).
 */
@Path("/datasets")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Dataset commands", description = "Register, change and remove datasets (the catalog's write side)")
public class DatasetResource {

    /** The members both request examples share; each adds its own description and status. */
    private static final String REQUEST_EXAMPLE_START = """
            {
              "name": "sales.orders",
              "owner": "team-sales",
              "format": "iceberg",
              "location": "s3://lake/sales/orders",
              "tags": ["sales", "pii"],
              "columns": [
                {"name": "order_id", "type": "bigint", "nullable": false, "description": "Order identifier"},
                {"name": "amount", "type": "decimal(12,2)"}
              ],
            """;
    private static final String CREATE_EXAMPLE = REQUEST_EXAMPLE_START + """
              "description": "All customer orders, one row per order",
              "status": "ACTIVE"
            }""";
    private static final String UPDATE_EXAMPLE = REQUEST_EXAMPLE_START + """
              "description": "All customer orders, one row per order; deprecated, use sales.orders_v2",
              "status": "DEPRECATED"
            }""";
    private static final String ACCEPTED_EXAMPLE = """
            {"id": "3f0e8f8e-6a53-4f0e-9a53-1d2b7c9e4a10", "version": 1, "eventId": "9b2f3a51-0c1e-4d6f-8b7a-2e5c4d3b2a19"}""";
    private static final String VALIDATION_EXAMPLE = """
            {
              "type": "urn:carbon254:problem:invalid-request",
              "title": "Invalid request",
              "status": 400,
              "detail": "2 invalid fields",
              "instance": "/datasets",
              "errors": [
                {"field": "name", "problem": "must be lower-case segments of letters, digits, '_' or '-' separated by dots, e.g. sales.orders"},
                {"field": "columns[0].type", "problem": "must not be blank"}
              ]
            }""";
    private static final String CONFLICT_EXAMPLE = """
            {
              "type": "urn:carbon254:problem:version-conflict",
              "title": "Version conflict",
              "status": 409,
              "detail": "Dataset 3f0e8f8e-6a53-4f0e-9a53-1d2b7c9e4a10 is at version 3, not 2",
              "instance": "/datasets/3f0e8f8e-6a53-4f0e-9a53-1d2b7c9e4a10",
              "datasetId": "3f0e8f8e-6a53-4f0e-9a53-1d2b7c9e4a10",
              "currentVersion": 3,
              "expectedVersion": 2
            }""";
    private static final String DUPLICATE_EXAMPLE = """
            {
              "type": "urn:carbon254:problem:duplicate-name",
              "title": "Dataset name taken",
              "status": 409,
              "detail": "A dataset named 'sales.orders' already exists",
              "instance": "/datasets"
            }""";
    private static final String NOT_FOUND_EXAMPLE = """
            {
              "type": "urn:carbon254:problem:dataset-not-found",
              "title": "Dataset not found",
              "status": 404,
              "detail": "No dataset with id 3f0e8f8e-6a53-4f0e-9a53-1d2b7c9e4a10",
              "instance": "/datasets/3f0e8f8e-6a53-4f0e-9a53-1d2b7c9e4a10",
              "datasetId": "3f0e8f8e-6a53-4f0e-9a53-1d2b7c9e4a10"
            }""";
    private static final String PRECONDITION_EXAMPLE = """
            {
              "type": "urn:carbon254:problem:precondition-required",
              "title": "Precondition required",
              "status": 428,
              "detail": "Send If-Match with the dataset's current version (its ETag) or expectedVersion in the body, so that the change cannot overwrite one you have not seen",
              "instance": "/datasets/3f0e8f8e-6a53-4f0e-9a53-1d2b7c9e4a10"
            }""";

    @Inject
    DatasetCommandService service;

    @Inject
    DatasetRestMapper mapper;

    @Inject
    SecurityIdentity identity;

    @POST
    @RolesAllowed(Roles.DATASETS_WRITE)
    @Operation(summary = "Register a dataset",
            description = "Creates the dataset at version 1 and records a DatasetCreated event (published to "
                    + "data-events, keyed by the dataset id).")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = DatasetRequest.class),
            examples = @ExampleObject(name = "orders", value = CREATE_EXAMPLE)))
    @APIResponse(responseCode = "201", description = "Registered",
            headers = {
                    @Header(name = HttpHeaders.LOCATION, description = "URL of the new dataset",
                            schema = @Schema(type = SchemaType.STRING)),
                    @Header(name = HttpHeaders.ETAG, description = "The dataset's version, for If-Match",
                            schema = @Schema(type = SchemaType.STRING, example = "\"1\"")),
                    @Header(name = CommandHeaders.CORRELATION_ID, description = "The correlation id of the event",
                            schema = @Schema(type = SchemaType.STRING))},
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = CommandResponse.class),
                    examples = @ExampleObject(name = "created", value = ACCEPTED_EXAMPLE)))
    @APIResponse(responseCode = "400", description = "Invalid dataset",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "invalid", value = VALIDATION_EXAMPLE)))
    @APIResponse(responseCode = "409", description = "A dataset with that name exists",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "duplicate", value = DUPLICATE_EXAMPLE)))
    public Uni<RestResponse<CommandResponse>> create(
            @Valid @NotNull DatasetRequest request,
            @Parameter(description = "Id of the business flow; a new one is made when absent.")
            @HeaderParam(CommandHeaders.CORRELATION_ID) String correlationId,
            @Parameter(description = "Id of what caused this command (an event or command id), if any.")
            @HeaderParam(CommandHeaders.CAUSATION_ID) String causationId,
            UriInfo uriInfo) {
        CommandContext context = CommandHeaders.context(actor(), correlationId, causationId);
        return service.create(mapper.toState(request), context)
                .map(result -> accepted(RestResponse.ResponseBuilder.<CommandResponse>created(
                        location(uriInfo, result.datasetId())),
                        result, context));
    }

    @PUT
    @RolesAllowed(Roles.DATASETS_WRITE)
    @Path("{id}")
    @Operation(summary = "Replace a dataset's state",
            description = "Replaces every client-controlled field (omitted optional fields take their default) if "
                    + "the dataset is still at the version the client names (If-Match or expectedVersion), and "
                    + "records a DatasetUpdated event listing the changed fields.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = DatasetRequest.class),
            examples = @ExampleObject(name = "deprecate", value = UPDATE_EXAMPLE)))
    @APIResponse(responseCode = "200", description = "Updated",
            headers = @Header(name = HttpHeaders.ETAG, description = "The new version",
                    schema = @Schema(type = SchemaType.STRING, example = "\"2\"")),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = CommandResponse.class),
                    examples = @ExampleObject(name = "updated", value = """
                            {"id": "3f0e8f8e-6a53-4f0e-9a53-1d2b7c9e4a10", "version": 2, "eventId": "5d1c7b0e-3f2a-4b8e-9c61-0a7e2f4d8b35"}""")))
    @APIResponse(responseCode = "400", description = "Invalid dataset or If-Match",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "invalid", value = VALIDATION_EXAMPLE)))
    @APIResponse(responseCode = "404", description = "No such dataset",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "unknown", value = NOT_FOUND_EXAMPLE)))
    @APIResponse(responseCode = "409", description = "Stale version (the body has the current one), or name taken",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = {@ExampleObject(name = "stale", value = CONFLICT_EXAMPLE),
                            @ExampleObject(name = "duplicate", value = DUPLICATE_EXAMPLE)}))
    @APIResponse(responseCode = "428", description = "Neither If-Match nor expectedVersion given",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "missing", value = PRECONDITION_EXAMPLE)))
    public Uni<RestResponse<CommandResponse>> update(
            @Parameter(description = "Dataset id.", example = "3f0e8f8e-6a53-4f0e-9a53-1d2b7c9e4a10")
            @PathParam("id") String id,
            @Parameter(description = "The version the change is based on: the ETag of the last response, e.g. \"1\"; "
                    + "* for any version.", example = "\"1\"")
            @HeaderParam(VersionPreconditions.IF_MATCH) String ifMatch,
            @Valid @NotNull DatasetRequest request,
            @HeaderParam(CommandHeaders.CORRELATION_ID) String correlationId,
            @HeaderParam(CommandHeaders.CAUSATION_ID) String causationId) {
        UUID datasetId = datasetId(id);
        Long expected = VersionPreconditions.expectedVersion(ifMatch, request.expectedVersion(), true);
        CommandContext context = CommandHeaders.context(actor(), correlationId, causationId);
        return service.update(datasetId, expected, mapper.toState(request), context)
                .map(result -> accepted(RestResponse.ResponseBuilder.<CommandResponse>ok(), result, context));
    }

    @DELETE
    @RolesAllowed(Roles.DATASETS_WRITE)
    @Path("{id}")
    @Operation(summary = "Remove a dataset",
            description = "Removes the dataset (if still at the version in If-Match, when given) and records a "
                    + "DatasetDeleted event. The returned version is that event's datasetVersion.")
    @APIResponse(responseCode = "200", description = "Removed",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = CommandResponse.class),
                    examples = @ExampleObject(name = "deleted", value = """
                            {"id": "3f0e8f8e-6a53-4f0e-9a53-1d2b7c9e4a10", "version": 3, "eventId": "0c5e2b7d-8a41-4e3f-b6d2-7f9a1c3e5b20"}""")))
    @APIResponse(responseCode = "404", description = "No such dataset",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "unknown", value = NOT_FOUND_EXAMPLE)))
    @APIResponse(responseCode = "409", description = "Stale version",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "stale", value = CONFLICT_EXAMPLE)))
    public Uni<RestResponse<CommandResponse>> delete(
            @Parameter(description = "Dataset id.", example = "3f0e8f8e-6a53-4f0e-9a53-1d2b7c9e4a10")
            @PathParam("id") String id,
            @Parameter(description = "Optional: delete only if the dataset is at this version (its ETag).",
                    example = "\"2\"")
            @HeaderParam(VersionPreconditions.IF_MATCH) String ifMatch,
            @Parameter(description = "Why the dataset is removed; carried by the DatasetDeleted event.",
                    example = "replaced by sales.orders_v2")
            @QueryParam("reason") @Size(max = 1000) String reason,
            @HeaderParam(CommandHeaders.CORRELATION_ID) String correlationId,
            @HeaderParam(CommandHeaders.CAUSATION_ID) String causationId) {
        UUID datasetId = datasetId(id);
        Long expected = VersionPreconditions.expectedVersion(ifMatch, null, false);
        CommandContext context = CommandHeaders.context(actor(), correlationId, causationId);
        return service.delete(datasetId, expected, reason == null || reason.isBlank() ? null : reason, context)
                .map(result -> RestResponse.ResponseBuilder.ok(CommandResponse.of(result))
                        .header(CommandHeaders.CORRELATION_ID, context.correlationId())
                        .build());
    }

    @GET
    @RolesAllowed(Roles.DATASETS_READ)
    @Path("{id}")
    @Operation(summary = "Current state of a dataset on the command side",
            description = "For a client about to send a command: the current state and version (also as ETag). "
                    + "Queries (lists, search, history) belong to the query API.")
    @APIResponse(responseCode = "200", description = "The dataset",
            headers = @Header(name = HttpHeaders.ETAG, description = "The current version",
                    schema = @Schema(type = SchemaType.STRING, example = "\"2\"")),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DatasetView.class)))
    @APIResponse(responseCode = "404", description = "No such dataset",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "unknown", value = NOT_FOUND_EXAMPLE)))
    public Uni<RestResponse<DatasetView>> get(
            @Parameter(description = "Dataset id.", example = "3f0e8f8e-6a53-4f0e-9a53-1d2b7c9e4a10")
            @PathParam("id") String id) {
        return service.get(datasetId(id))
                .map(dataset -> RestResponse.ResponseBuilder.ok(mapper.toView(dataset))
                        .header(HttpHeaders.ETAG, VersionPreconditions.entityTag(dataset.version()))
                        .build());
    }

    /** The command's actor: the subject of the caller's bearer token (the audit trail's "who"). */
    private String actor() {
        return Actors.of(identity);
    }

    private static RestResponse<CommandResponse> accepted(ResponseBuilder<CommandResponse> builder, CommandResult result,
                                                          CommandContext context) {
        return builder.entity(CommandResponse.of(result))
                .header(HttpHeaders.ETAG, VersionPreconditions.entityTag(result.version()))
                .header(CommandHeaders.CORRELATION_ID, context.correlationId())
                .build();
    }

    /** An id that is not a UUID cannot name a dataset: 404, like any unknown id. */
    private static UUID datasetId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw DatasetProblems.notFound(id);
        }
    }

    private static URI location(UriInfo uriInfo, UUID id) {
        return uriInfo.getBaseUriBuilder().path(DatasetResource.class).path(id.toString()).build();
    }
}
