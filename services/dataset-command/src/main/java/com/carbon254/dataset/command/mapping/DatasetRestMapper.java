package com.carbon254.dataset.command.mapping;

import com.carbon254.api.runtime.rest.ProblemException;
import com.carbon254.events.runtime.json.FieldViolation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.carbon254.dataset.command.domain.ColumnDefinition;
import com.carbon254.dataset.command.domain.Dataset;
import com.carbon254.dataset.command.domain.DatasetState;
import com.carbon254.dataset.command.rest.ColumnRequest;
import com.carbon254.dataset.command.rest.DatasetRequest;
import com.carbon254.dataset.command.rest.DatasetView;

/** Between the HTTP representations and the domain. */
@ApplicationScoped
public class DatasetRestMapper {

    /**
     * The domain state of a (bean-validated) request; applies the defaults of omitted optional fields.
     *
     * @throws ProblemException (400) if two columns share a name
     */
    public DatasetState toState(DatasetRequest request) {
        List<ColumnRequest> requested = request.columns() == null ? List.of() : request.columns();
        List<ColumnDefinition> columns = new ArrayList<>(requested.size());
        Map<String, Integer> seen = new HashMap<>();
        List<FieldViolation> errors = new ArrayList<>();
        for (int i = 0; i < requested.size(); i++) {
            ColumnRequest column = requested.get(i);
            Integer first = seen.putIfAbsent(column.name(), i);
            if (first != null) {
                errors.add(new FieldViolation("columns[" + i + "].name",
                        "duplicates the name of columns[" + first + "]"));
            }
            columns.add(new ColumnDefinition(column.name(), column.type(),
                    column.nullable() == null || column.nullable(), emptyToNull(column.description())));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return new DatasetState(request.name(), emptyToNull(request.description()), request.owner().trim(),
                request.format().trim(), request.location().trim(),
                request.tags() == null ? List.of() : request.tags().stream().map(String::trim).distinct().toList(),
                columns, request.status());
    }

    public DatasetView toView(Dataset dataset) {
        DatasetState state = dataset.state();
        return new DatasetView(dataset.id(), dataset.version(), state.name(), state.description(), state.owner(),
                state.format(), state.location(), state.tags(), state.columns(), state.status(), dataset.createdAt(),
                dataset.createdBy(), dataset.updatedAt(), dataset.updatedBy());
    }

    private static String emptyToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
