package com.carbon254.query.mapping;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Full-text search results with facet counts over the whole result set.
 *
 * @param facets per facet (owner, status, format, tags), the most frequent values and their counts
 */
@Schema(name = "SearchResult")
public record SearchResult(long total, int page, int size, List<Hit> items, Map<String, List<FacetCount>> facets) {

    /** One matching dataset, with its relevance score. */
    @Schema(name = "SearchHit")
    public record Hit(String id, long version, String name, String description, String owner, String format,
            String status, List<String> tags, double score) {
    }

    /** A facet value and how many matching datasets have it. */
    @Schema(name = "FacetCount")
    public record FacetCount(String value, long count) {
    }
}
