package com.carbon254.query.rest;

import jakarta.validation.constraints.Pattern;
import com.carbon254.api.runtime.validation.WholeNumber;
import com.carbon254.api.runtime.validation.Params;
import com.carbon254.api.runtime.validation.IsoInstant;
import jakarta.validation.constraints.Size;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.carbon254.api.runtime.rest.Problem;
import com.carbon254.api.runtime.security.Roles;
import com.carbon254.query.config.QueryConfig;
import com.carbon254.query.mapping.DeadLetterPage;
import com.carbon254.query.repository.DeadLetterRepository;
import com.carbon254.query.service.DeadLetterService;

import io.smallrye.mutiny.Uni;

/**
 * Dead-lettered records of every {@code <topic>.dlq}, with why they failed and whether they were re-driven. An
 * operator's and auditor's view (record keys, headers and payload previews of any topic): it requires
 * {@value Roles#PLATFORM_ADMIN}, like the projector's re-drive.
 */
@RolesAllowed(Roles.PLATFORM_ADMIN)
@Path("/dead-letters")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "dead-letters", description = "Records consumers could not process")
public class DeadLetterResource {

    @Inject
    DeadLetterService deadLetters;

    @Inject
    QueryConfig config;

    @GET
    @Operation(summary = "Browse dead letters, newest first",
            description = "Newest first by the dead-letter record's timestamp. Keyset paging: pass a page's 'next' "
                    + "as 'after'. Headers are shown as text when they are UTF-8 text, else in base64.")
    @APIResponse(responseCode = "200", description = "One page", content = @Content(
            schema = @Schema(implementation = DeadLetterPage.class)))
    @APIResponse(responseCode = "400", description = "Invalid redriven/limit/after", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<DeadLetterPage> list(
            @Parameter(description = "The original topic (e.g. data-ingestion) or its dead-letter topic "
                    + "(data-ingestion.dlq)") @QueryParam("topic") @Size(max = 255) String topic,
            @Parameter(description = "true: only re-driven ones; false: only those not re-driven")
            @QueryParam("redriven") @Pattern(regexp = "(?i)\\s*(true|false)?\\s*", message = "must be true or false")
            String redriven,
            @Parameter(description = "Page size (default 20, at most 100)") @QueryParam("limit") @WholeNumber(min = 1) String limit,
            @Parameter(description = "Cursor: the 'next' of the previous page") @QueryParam("after") @Size(max = 512)
            String after) {
        Boolean redrivenOnly = Params.text(redriven) == null ? null : Boolean.parseBoolean(redriven.trim());
        return deadLetters.list(new DeadLetterRepository.Filter(Params.text(topic), redrivenOnly), Params.text(after),
                PageSizes.of(limit, config));
    }
}
