package com.carbon254.dataset.command.mapping;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.specific.SpecificRecordBase;

import com.carbon254.dataset.command.domain.ColumnDefinition;
import com.carbon254.dataset.command.domain.Dataset;
import com.carbon254.dataset.command.domain.DatasetState;
import com.carbon254.dataset.command.service.CommandContext;
import com.carbon254.events.common.DatasetColumn;
import com.carbon254.events.common.DatasetStatus;
import com.carbon254.events.data.DatasetCreatedEvent;
import com.carbon254.events.data.DatasetDeletedEvent;
import com.carbon254.events.data.DatasetUpdatedEvent;
import com.carbon254.events.runtime.EventContext;
import com.carbon254.events.runtime.EventEnvelope;

/**
 * Builds the lifecycle events of a dataset from its state after a command. Every event carries the full envelope,
 * decided at command time: the eventId stored in the outbox is the one consumers see, however often the relay has
 * to publish it.
 */
@ApplicationScoped
public class DatasetEventMapper {

    /** The {@code source} of every event this service produces. */
    public static final String SOURCE = "dataset-command";

    public DatasetCreatedEvent created(Dataset dataset, UUID eventId, Instant now, CommandContext context) {
        DatasetCreatedEvent event = withState(new DatasetCreatedEvent(), dataset, eventId, now);
        event.setCreatedBy(context.actor());
        return envelope(event, context);
    }

    public DatasetUpdatedEvent updated(Dataset dataset, List<String> changedFields, UUID eventId, Instant now,
                                       CommandContext context) {
        DatasetUpdatedEvent event = withState(new DatasetUpdatedEvent(), dataset, eventId, now);
        event.setChangedFields(List.copyOf(changedFields));
        event.setUpdatedBy(context.actor());
        return envelope(event, context);
    }

    public DatasetDeletedEvent deleted(Dataset dataset, String reason, UUID eventId, Instant now,
                                       CommandContext context) {
        DatasetDeletedEvent event = new DatasetDeletedEvent();
        event.setEventId(eventId.toString());
        event.setTimestamp(now);
        event.setDatasetId(dataset.id().toString());
        event.setDatasetVersion(dataset.versionAfterDeletion());
        event.setName(dataset.name());
        event.setDeletedBy(context.actor());
        event.setReason(reason);
        return envelope(event, context);
    }

    /**
     * Sets the members a DatasetCreated and a DatasetUpdated event share, the dataset's id, version and whole state
     * after the command, by their names in the contracts: the generated Avro classes have no common type to set them
     * through.
     */
    private static <T extends SpecificRecordBase> T withState(T event, Dataset dataset, UUID eventId, Instant now) {
        DatasetState state = dataset.state();
        event.put("eventId", eventId.toString());
        event.put("timestamp", now);
        event.put("datasetId", dataset.id().toString());
        event.put("datasetVersion", dataset.version());
        event.put("name", state.name());
        event.put("description", state.description());
        event.put("owner", state.owner());
        event.put("format", state.format());
        event.put("location", state.location());
        event.put("tags", List.copyOf(state.tags()));
        event.put("columns", columns(state.columns()));
        event.put("status", status(state.status()));
        return event;
    }

    /** The shared envelope rules (source, schema version, correlation): the runtime's, so all services agree. */
    private static <T extends SpecificRecord> T envelope(T event, CommandContext context) {
        return EventEnvelope.complete(event, SOURCE, new EventContext(context.correlationId(), context.causationId()));
    }

    private static List<DatasetColumn> columns(List<ColumnDefinition> columns) {
        return columns.stream()
                .map(c -> DatasetColumn.newBuilder()
                        .setName(c.name())
                        .setType(c.type())
                        .setNullable(c.nullable())
                        .setDescription(c.description())
                        .build())
                .toList();
    }

    private static DatasetStatus status(com.carbon254.dataset.command.domain.DatasetStatus status) {
        return DatasetStatus.valueOf(status.name());
    }
}
