package com.carbon254.projector.datasets;

import java.util.List;

/**
 * The catalog state of a dataset as DatasetCreated and DatasetUpdated carry it (full state, never a patch).
 *
 * @param columnsJson the columns as a JSON array text (stored as jsonb and indexed as objects)
 */
public record DatasetAttributes(String name, String description, String owner, String format, String location,
        List<String> tags, String columnsJson, String status) {

    public DatasetAttributes {
        tags = tags == null ? List.of() : List.copyOf(tags);
        columnsJson = columnsJson == null ? "[]" : columnsJson;
    }
}
