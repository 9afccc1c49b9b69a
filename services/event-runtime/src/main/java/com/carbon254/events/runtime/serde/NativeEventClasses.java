package com.carbon254.events.runtime.serde;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What a native image must be able to reach by reflection, registered once for every service: the Avro classes
 * generated from the contracts (Avro's {@code SpecificData} finds a record's or enum's class by name from the schema,
 * reads its {@code SCHEMA$} and instantiates it reflectively) and the serde classes Kafka instantiates from their
 * names in the configuration. {@code NativeEventClassesTest} fails when a contract adds a generated class that is not
 * listed here.
 */
@RegisterForReflection(targets = {
        com.carbon254.events.audit.AccessType.class,
        com.carbon254.events.audit.AdminOperationEvent.class,
        com.carbon254.events.audit.ApiCallEvent.class,
        com.carbon254.events.audit.DataAccessEvent.class,
        com.carbon254.events.audit.UserActionEvent.class,
        com.carbon254.events.common.DatasetColumn.class,
        com.carbon254.events.common.DatasetStatus.class,
        com.carbon254.events.common.Outcome.class,
        com.carbon254.events.data.DataIngestionAggregatedEvent.class,
        com.carbon254.events.data.DataIngestionEvent.class,
        com.carbon254.events.data.DataLineageEvent.class,
        com.carbon254.events.data.DataQualityAggregatedEvent.class,
        com.carbon254.events.data.DataQualityEvent.class,
        com.carbon254.events.data.DataTransformationEvent.class,
        com.carbon254.events.data.DatasetCreatedEvent.class,
        com.carbon254.events.data.DatasetDeletedEvent.class,
        com.carbon254.events.data.DatasetUpdatedEvent.class,
        com.carbon254.events.data.LineageOperation.class,
        com.carbon254.events.data.QualitySeverity.class,
        com.carbon254.events.data.Status.class,
        com.carbon254.events.data.TransformationStatus.class,
        com.carbon254.events.system.ConfigChangeEvent.class,
        com.carbon254.events.system.DeploymentAction.class,
        com.carbon254.events.system.DeploymentEvent.class,
        com.carbon254.events.system.DeploymentStatus.class,
        com.carbon254.events.system.HealthStatus.class,
        com.carbon254.events.system.SecurityEvent.class,
        com.carbon254.events.system.ServiceHealthEvent.class,
        CatalogAvroSerializer.class,
        PolyglotEventDeserializer.class,
        CatalogSubjectStrategy.class,
        CatalogDatumProvider.class,
        org.apache.kafka.common.serialization.StringSerializer.class,
        org.apache.kafka.common.serialization.StringDeserializer.class,
}, fields = true, methods = true)
public final class NativeEventClasses {

    private NativeEventClasses() {
    }
}
