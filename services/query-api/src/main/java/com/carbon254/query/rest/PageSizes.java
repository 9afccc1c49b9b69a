package com.carbon254.query.rest;

import com.carbon254.api.runtime.rest.ProblemException;
import com.carbon254.api.runtime.validation.Params;
import com.carbon254.query.config.QueryConfig;

/** The page size of a request: its {@code limit} (a whole number, checked by Bean Validation) within the configured bounds. */
final class PageSizes {

    private PageSizes() {
    }

    /** The size asked for, or the default; 400 above {@code carbon254.query.max-page-size}. */
    static int of(String limit, QueryConfig config) {
        int size = Params.integer(limit, config.defaultPageSize());
        if (size > config.maxPageSize()) {
            throw ProblemException.invalid("limit", "must be at most " + config.maxPageSize() + ", got " + size);
        }
        return size;
    }
}
