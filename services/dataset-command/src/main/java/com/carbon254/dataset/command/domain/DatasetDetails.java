package com.carbon254.dataset.command.domain;

import java.util.List;

/**
 * The list-valued part of a dataset's state, stored as one JSON object (column {@code details}).
 *
 * @param tags    free-form tags
 * @param columns columns in table order
 */
public record DatasetDetails(List<String> tags, List<ColumnDefinition> columns) {

    public static final DatasetDetails EMPTY = new DatasetDetails(List.of(), List.of());

    public DatasetDetails {
        tags = tags == null ? List.of() : List.copyOf(tags);
        columns = columns == null ? List.of() : List.copyOf(columns);
    }
}
