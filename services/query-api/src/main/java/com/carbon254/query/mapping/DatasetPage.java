package com.carbon254.query.mapping;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One page of datasets. {@code page} is zero-based; {@code total} counts every dataset matching the filter. */
@Schema(name = "DatasetPage")
public record DatasetPage(List<Dataset> items, int page, int size, long total, int totalPages) {
}
