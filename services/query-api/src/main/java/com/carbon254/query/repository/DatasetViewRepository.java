package com.carbon254.query.repository;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

/** Queries over the current dataset states. Callers open the (read-only) session. */
@ApplicationScoped
public class DatasetViewRepository implements PanacheRepositoryBase<DatasetView, String> {

    /** Filters of the list endpoint; null means "any". */
    public record Filter(String owner, String status, String format, String tag) {
    }

    /** One page of live datasets and the total count of the filter. */
    public record PageResult(List<DatasetView> items, long total) {
    }

    /** The live (not deleted) datasets matching the filter, one page, sorted. */
    public Uni<PageResult> list(Filter filter, Sort sort, int page, int size) {
        StringBuilder where = new StringBuilder("deleted = false");
        Map<String, Object> params = new HashMap<>();
        and(where, params, "owner = :owner", "owner", filter.owner());
        and(where, params, "status = :status", "status", filter.status());
        and(where, params, "lower(format) = lower(:format)", "format", filter.format());
        and(where, params, "array_contains(tags, :tag)", "tag", filter.tag());
        String query = where.toString();
        // Count first, then the page: one session runs one statement at a time.
        return count(query, params).chain(total -> find(query, sort, params).page(Page.of(page, size)).list()
                .map(items -> new PageResult(new ArrayList<>(items), total)));
    }

    /** Adds {@code condition} on the named parameter to the query, when the filter gives a value for it. */
    private static void and(StringBuilder where, Map<String, Object> params, String condition, String name,
            String value) {
        if (value != null) {
            where.append(" and ").append(condition);
            params.put(name, value);
        }
    }
}
