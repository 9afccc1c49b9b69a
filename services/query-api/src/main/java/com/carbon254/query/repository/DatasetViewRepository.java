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
        if (filter.owner() != null) {
            where.append(" and owner = :owner");
            params.put("owner", filter.owner());
        }
        if (filter.status() != null) {
            where.append(" and status = :status");
            params.put("status", filter.status());
        }
        if (filter.format() != null) {
            where.append(" and lower(format) = lower(:format)");
            params.put("format", filter.format());
        }
        if (filter.tag() != null) {
            where.append(" and array_contains(tags, :tag)");
            params.put("tag", filter.tag());
        }
        String query = where.toString();
        // Count first, then the page: one session runs one statement at a time.
        return count(query, params).chain(total -> find(query, sort, params).page(Page.of(page, size)).list()
                .map(items -> new PageResult(new ArrayList<>(items), total)));
    }
}
