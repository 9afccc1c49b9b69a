package com.carbon254.events.catalog;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

import com.carbon254.events.audit.AdminOperationEvent;
import com.carbon254.events.audit.ApiCallEvent;
import com.carbon254.events.audit.DataAccessEvent;
import com.carbon254.events.audit.UserActionEvent;
import com.carbon254.events.data.DataIngestionAggregatedEvent;
import com.carbon254.events.data.DataIngestionEvent;
import com.carbon254.events.data.DataLineageEvent;
import com.carbon254.events.data.DataQualityAggregatedEvent;
import com.carbon254.events.data.DataQualityEvent;
import com.carbon254.events.data.DataTransformationEvent;
import com.carbon254.events.data.DatasetCreatedEvent;
import com.carbon254.events.data.DatasetDeletedEvent;
import com.carbon254.events.data.DatasetUpdatedEvent;
import com.carbon254.events.system.ConfigChangeEvent;
import com.carbon254.events.system.DeploymentEvent;
import com.carbon254.events.system.SecurityEvent;
import com.carbon254.events.system.ServiceHealthEvent;

/**
 * Every event type of the platform: its generated Avro class, the topic it is published on and the field whose value is
 * its Kafka key (the id of the entity the event is about, so all events of one entity stay in order on one partition),
 * and who may publish it ({@link PublishRule}). Each event type is on exactly one topic; the topics are in
 * {@link TopicCatalog}.
 *
 * <p>The {@linkplain #typeName() type name} is the record name without the {@code Event} suffix and is what every
 * event carries in its {@code eventType} field.
 */
public enum EventType {

    // data
    DATA_INGESTION(DataIngestionEvent.class, TopicCatalog.DATA_INGESTION, "datasetName", PublishRule.PRODUCER),
    DATA_QUALITY(DataQualityEvent.class, TopicCatalog.DATA_QUALITY, "datasetName", PublishRule.PRODUCER),
    DATA_TRANSFORMATION(DataTransformationEvent.class, TopicCatalog.DATA_TRANSFORMATION, "outputDataset", PublishRule.PRODUCER),
    DATA_LINEAGE(DataLineageEvent.class, TopicCatalog.DATA_LINEAGE, "targetDataset", PublishRule.PRODUCER),
    DATASET_CREATED(DatasetCreatedEvent.class, TopicCatalog.DATA_EVENTS, "datasetId", PublishRule.PLATFORM),
    DATASET_UPDATED(DatasetUpdatedEvent.class, TopicCatalog.DATA_EVENTS, "datasetId", PublishRule.PLATFORM),
    DATASET_DELETED(DatasetDeletedEvent.class, TopicCatalog.DATA_EVENTS, "datasetId", PublishRule.PLATFORM),
    DATA_INGESTION_AGGREGATED(DataIngestionAggregatedEvent.class, TopicCatalog.DATA_INGESTION_AGGREGATED, "datasetName", PublishRule.PLATFORM),
    DATA_QUALITY_AGGREGATED(DataQualityAggregatedEvent.class, TopicCatalog.DATA_QUALITY_AGGREGATED, "datasetName", PublishRule.PLATFORM),

    // system
    SERVICE_HEALTH(ServiceHealthEvent.class, TopicCatalog.SYSTEM_HEALTH, "serviceName", PublishRule.PRODUCER),
    DEPLOYMENT(DeploymentEvent.class, TopicCatalog.DEPLOYMENT_EVENTS, "serviceName", PublishRule.PRODUCER),
    CONFIG_CHANGE(ConfigChangeEvent.class, TopicCatalog.CONFIG_CHANGES, "serviceName", PublishRule.PRODUCER),
    SECURITY(SecurityEvent.class, TopicCatalog.SECURITY_EVENTS, "principal", PublishRule.AUDIT_RECORDER),

    // audit
    USER_ACTION(UserActionEvent.class, TopicCatalog.AUDIT_USER_ACTIONS, "actor", PublishRule.AUDIT_RECORDER),
    API_CALL(ApiCallEvent.class, TopicCatalog.AUDIT_API_CALLS, "actor", PublishRule.AUDIT_RECORDER),
    DATA_ACCESS(DataAccessEvent.class, TopicCatalog.AUDIT_DATA_ACCESS, "actor", PublishRule.AUDIT_RECORDER),
    ADMIN_OPERATION(AdminOperationEvent.class, TopicCatalog.AUDIT_ADMIN_OPERATIONS, "actor", PublishRule.AUDIT_RECORDER);

    /** Suffix of every event record name; the type name is the record name without it. */
    public static final String RECORD_NAME_SUFFIX = "Event";

    private static final Map<String, EventType> BY_TYPE_NAME =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(EventType::typeName, Function.identity()));
    private static final Map<Class<?>, EventType> BY_RECORD_CLASS =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(EventType::recordClass, Function.identity()));

    private final Class<? extends SpecificRecord> recordClass;
    private final Schema schema;
    private final String typeName;
    private final TopicDefinition topic;
    private final String keyField;
    private final int keyPosition;
    private final PublishRule publishRule;

    EventType(Class<? extends SpecificRecord> recordClass, TopicDefinition topic, String keyField, PublishRule publishRule) {
        this.recordClass = recordClass;
        this.schema = SpecificData.get().getSchema(recordClass);
        String recordName = schema.getName();
        if (!recordName.endsWith(RECORD_NAME_SUFFIX)) {
            throw new IllegalStateException("record " + schema.getFullName() + " does not end with " + RECORD_NAME_SUFFIX);
        }
        this.typeName = recordName.substring(0, recordName.length() - RECORD_NAME_SUFFIX.length());
        this.topic = topic;
        this.keyField = keyField;
        Schema.Field field = schema.getField(keyField);
        if (field == null) {
            throw new IllegalStateException("record " + schema.getFullName() + " has no key field " + keyField);
        }
        this.keyPosition = field.pos();
        this.publishRule = Objects.requireNonNull(publishRule, "publishRule");
    }

    /** The type name, e.g. {@code "DataIngestion"}: the record name without {@code Event}, the value of {@code eventType}. */
    public String typeName() {
        return typeName;
    }

    /** The generated Avro class, e.g. {@code DataIngestionEvent.class}. */
    public Class<? extends SpecificRecord> recordClass() {
        return recordClass;
    }

    /** The record's Avro schema (its {@code getClassSchema()}). */
    public Schema schema() {
        return schema;
    }

    /** The category, that of its topic. */
    public EventCategory category() {
        return topic.category();
    }

    /** The topic the events of this type are published on. */
    public TopicDefinition topic() {
        return topic;
    }

    /** Who may publish events of this type: through the gateway with which role, or only a platform service. */
    public PublishRule publishRule() {
        return publishRule;
    }

    /** The name of the record field whose value is the Kafka key of these events. */
    public String keyField() {
        return keyField;
    }

    /**
     * The Kafka key of an event of this type: the value of its {@link #keyField()}.
     *
     * @throws IllegalArgumentException if the event is not of this type, or its key field is not set
     */
    public String keyOf(SpecificRecord event) {
        Objects.requireNonNull(event, "event");
        if (event.getClass() != recordClass) {
            throw new IllegalArgumentException(
                    "a " + event.getClass().getName() + " is not a " + recordClass.getName() + " (event type " + typeName + ")");
        }
        Object key = event.get(keyPosition);
        if (key == null) {
            throw new IllegalArgumentException("key field " + keyField + " of the " + typeName + " event is not set");
        }
        return key.toString();
    }

    /** The event type with that {@linkplain #typeName() type name} (e.g. {@code "DatasetCreated"}). */
    public static Optional<EventType> byTypeName(String typeName) {
        return Optional.ofNullable(typeName).map(BY_TYPE_NAME::get);
    }

    /** The event type whose generated class is exactly that class. */
    public static Optional<EventType> byRecordClass(Class<?> recordClass) {
        return Optional.ofNullable(recordClass).map(BY_RECORD_CLASS::get);
    }

    /**
     * The event type of an event.
     *
     * @throws IllegalArgumentException if its class is not an event record of the catalog
     */
    public static EventType of(SpecificRecord event) {
        Objects.requireNonNull(event, "event");
        return byRecordClass(event.getClass()).orElseThrow(
                () -> new IllegalArgumentException(event.getClass().getName() + " is not an event type of the catalog"));
    }
}
