package com.carbon254.query.rest;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

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
import com.carbon254.events.catalog.TopicCatalog;
import com.carbon254.events.catalog.TopicDefinition;
import com.carbon254.query.config.QueryConfig;
import com.carbon254.query.mapping.TopicEventPage;
import com.carbon254.query.service.TopicBrowser;

import io.smallrye.mutiny.Uni;

/**
 * Topic browse: what a topic holds from a point in time, decoded ("event replay: time travel and debugging"). An
 * operator's view of raw records of any topic, so it requires {@value Roles#PLATFORM_ADMIN}.
 */
@RolesAllowed(Roles.PLATFORM_ADMIN)
@Path("/events")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "events", description = "Records of any topic of the catalog, decoded, from a point in time")
public class TopicEventResource {

    @Inject
    TopicBrowser browser;

    @Inject
    QueryConfig config;

    @GET
    @Operation(summary = "Browse a topic from a point in time",
            description = "The records of every partition of the topic from the offsets of 'from' (the first record "
                    + "whose timestamp is at or after it, offsetsForTimes; default: the oldest kept) up to 'to' "
                    + "(exclusive; default: the end), optionally only those with one key, each decoded whatever its "
                    + "writer format (registry-framed Avro or JSON), with partition, offset, timestamp and headers. "
                    + "A page holds at most 'limit' records, sorted by timestamp, and ends after a time budget (5 s) "
                    + "even with fewer: pass its 'next' as 'after' (with the same topic, to and key) to go on; "
                    + "'next' is null once every partition was read to 'to' or its end.")
    @APIResponse(responseCode = "200", description = "One page", content = @Content(
            schema = @Schema(implementation = TopicEventPage.class)))
    @APIResponse(responseCode = "400", description = "Missing or unknown topic, invalid from/to/limit/after",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<TopicEventPage> browse(
            @Parameter(description = "A topic of the catalog, or its .dlq", example = "data-quality", required = true)
            @QueryParam("topic") String topic,
            @Parameter(description = "ISO-8601 instant: start at the first record at or after it") @QueryParam("from")
            String from,
            @Parameter(description = "ISO-8601 instant: only records before it") @QueryParam("to") String to,
            @Parameter(description = "Only records with this key (the entity id, e.g. a dataset name)")
            @QueryParam("key") String key,
            @Parameter(description = "Page size (default 20, at most 100)") @QueryParam("limit") String limit,
            @Parameter(description = "Cursor: the 'next' of the previous page") @QueryParam("after") String after) {
        RequestParameters params = new RequestParameters();
        String topicName = RequestParameters.text(topic);
        Optional<TopicDefinition> definition = Optional.ofNullable(topicName).flatMap(TopicCatalog::byName);
        if (topicName == null) {
            params.invalid("topic", "is required: a topic of the catalog such as data-quality");
        } else if (definition.isEmpty()) {
            params.invalid("topic", "is not a topic of the catalog: " + topicName + " (known: "
                    + TopicCatalog.topics().stream().map(TopicDefinition::name).toList() + ", and their .dlq)");
        }
        Instant start = params.instant("from", from);
        Instant end = params.instant("to", to);
        int size = params.integer("limit", limit, 1, config.maxPageSize(), config.defaultPageSize());
        if (start != null && end != null && !start.isBefore(end)) {
            params.invalid("from", "must be before to (" + end + "), got " + start);
        }
        params.rejectIfInvalid();
        Map<Integer, Long> positions = RequestParameters.text(after) == null ? null
                : TopicBrowser.positions(after);
        return browser.browse(new TopicBrowser.Query(definition.orElseThrow(), start, end,
                RequestParameters.text(key), size, positions));
    }
}
