package com.carbon254.query.search;

import com.carbon254.query.service.QueryProblems;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.http.util.EntityUtils;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.ResponseListener;
import org.elasticsearch.client.RestClient;

import com.carbon254.query.config.QueryConfig;
import com.carbon254.query.mapping.DatasetMapper;
import com.carbon254.query.mapping.SearchResult;
import com.carbon254.api.runtime.rest.ProblemException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;

/**
 * Full-text search over the {@code datasets} alias through the low-level REST client (Elasticsearch and
 * OpenSearch alike), with terms aggregations as facets. Deleted datasets are not in the index.
 */
@ApplicationScoped
public class DatasetSearchService {

    /** Facets: API name → document field. */
    static final Map<String, String> FACETS = Map.of("owner", "owner", "status", "status", "format", "format",
            "tags", "tags");

    /** The application's JSON mapper (Quarkus' own, with the platform's customizations). */
    @Inject
    ObjectMapper json;

    @Inject
    RestClient restClient;

    @Inject
    QueryConfig config;

    /** Filters of a search; null means "any". */
    public record Filter(String owner, String status, String format, String tag) {
    }

    public Uni<SearchResult> search(String q, Filter filter, Integer page, Integer size) {
        int pageIndex = page == null ? 0 : page;
        int pageSize = size == null ? config.defaultPageSize() : size;
        if (pageIndex < 0 || pageSize < 1 || pageSize > config.maxPageSize()) {
            throw QueryProblems.badRequest("page must be >= 0 and size between 1 and " + config.maxPageSize());
        }
        if ((long) (pageIndex + 1) * pageSize > 10_000) {
            throw QueryProblems.badRequest("search pages end at result 10000; narrow the query");
        }
        Request request = new Request("POST", "/" + config.searchAlias() + "/_search");
        request.setJsonEntity(query(q, filter, pageIndex, pageSize).toString());
        return send(request).map(body -> result(body, pageIndex, pageSize));
    }

    ObjectNode query(String q, Filter filter, int page, int size) {
        ObjectNode root = json.createObjectNode();
        root.put("from", page * size).put("size", size).put("track_total_hits", true);
        ObjectNode bool = root.putObject("query").putObject("bool");
        ArrayNode must = bool.putArray("must");
        if (q == null || q.isBlank()) {
            must.addObject().putObject("match_all");
        } else {
            ObjectNode match = must.addObject().putObject("multi_match");
            match.put("query", q).put("type", "best_fields").put("fuzziness", "AUTO").put("operator", "and");
            match.putArray("fields").add("name^3").add("description").add("tags^2").add("columns.name")
                    .add("owner").add("location");
        }
        ArrayNode filters = bool.putArray("filter");
        term(filters, "owner", filter.owner());
        term(filters, "status", filter.status());
        term(filters, "format", filter.format());
        term(filters, "tags", filter.tag());
        ObjectNode aggs = root.putObject("aggs");
        FACETS.forEach((name, field) -> aggs.putObject(name).putObject("terms").put("field", field)
                .put("size", config.facetSize()));
        root.putArray("sort").add("_score").addObject().putObject("name.keyword").put("order", "asc");
        return root;
    }

    private static void term(ArrayNode filters, String field, String value) {
        if (value != null && !value.isBlank()) {
            filters.addObject().putObject("term").put(field, value);
        }
    }

    private SearchResult result(String body, int page, int size) {
        JsonNode root = DatasetMapper.json(body, json);
        JsonNode hits = root.path("hits");
        List<SearchResult.Hit> items = new ArrayList<>();
        for (JsonNode hit : hits.path("hits")) {
            JsonNode doc = hit.path("_source");
            items.add(new SearchResult.Hit(DatasetMapper.text(doc, "id"), doc.path("version").asLong(),
                    DatasetMapper.text(doc, "name"), DatasetMapper.text(doc, "description"),
                    DatasetMapper.text(doc, "owner"), DatasetMapper.text(doc, "format"),
                    DatasetMapper.text(doc, "status"), DatasetMapper.strings(doc.get("tags")),
                    hit.path("_score").asDouble()));
        }
        Map<String, List<SearchResult.FacetCount>> facets = new LinkedHashMap<>();
        for (String name : List.of("owner", "status", "format", "tags")) {
            List<SearchResult.FacetCount> counts = new ArrayList<>();
            for (JsonNode bucket : root.path("aggregations").path(name).path("buckets")) {
                counts.add(new SearchResult.FacetCount(bucket.path("key").asText(), bucket.path("doc_count").asLong()));
            }
            facets.put(name, counts);
        }
        return new SearchResult(hits.path("total").path("value").asLong(), page, size, items, facets);
    }

    private Uni<String> send(Request request) {
        return Uni.createFrom().emitter(emitter -> restClient.performRequestAsync(request, new ResponseListener() {
            @Override
            public void onSuccess(Response response) {
                try {
                    emitter.complete(EntityUtils.toString(response.getEntity()));
                } catch (IOException e) {
                    emitter.fail(e);
                }
            }

            @Override
            public void onFailure(Exception exception) {
                if (exception instanceof ResponseException failed && failed.getResponse().getStatusLine().getStatusCode() == 404) {
                    // No index yet (nothing projected): an empty result, not an error.
                    emitter.complete("{\"hits\":{\"total\":{\"value\":0},\"hits\":[]}}");
                } else if (exception instanceof ResponseException failed
                        && failed.getResponse().getStatusLine().getStatusCode() == 400) {
                    emitter.fail(QueryProblems.badRequest("the search node refused the query: " + failed.getMessage()));
                } else {
                    emitter.fail(QueryProblems.SEARCH_UNAVAILABLE.exception("the search index cannot be reached: "
                            + exception.getMessage()));
                }
            }
        }));
    }
}
