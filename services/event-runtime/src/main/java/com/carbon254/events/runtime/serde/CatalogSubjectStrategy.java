package com.carbon254.events.runtime.serde;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;

import io.apicurio.registry.resolver.ParsedSchema;
import io.apicurio.registry.resolver.data.Record;
import io.apicurio.registry.resolver.strategy.ArtifactReference;
import io.apicurio.registry.resolver.strategy.ArtifactReferenceResolverStrategy;
import io.apicurio.registry.serde.data.SerdeRecord;

/**
 * The topic-name strategy of the catalog: the values of topic {@code t} are under subject {@code t-value} in group
 * {@value #GROUP}, as provisioning registered them; the dead-letter topic {@code t.dlq} uses {@code t-value} too,
 * since it holds the same events. A topic outside the catalog is refused.
 */
final class CatalogSubjectStrategy implements ArtifactReferenceResolverStrategy<Schema, SpecificRecord> {

    /** The registry group of every subject (the one the Confluent-compatible API serves). */
    static final String GROUP = "default";

    @Override
    public ArtifactReference artifactReference(Record<SpecificRecord> data, ParsedSchema<Schema> parsedSchema) {
        String topic = ((SerdeRecord<SpecificRecord>) data).metadata().getTopic();
        CatalogSubjects subjects = CatalogSubjects.forTopic(topic)
                .orElseThrow(() -> new SerializationException("Topic " + topic + " is not in the topic catalog"));
        return ArtifactReference.builder().groupId(GROUP).artifactId(subjects.valueSubject()).build();
    }

    /** The subject depends on the topic only: the resolver needs no schema to find it. */
    @Override
    public boolean loadSchema() {
        return false;
    }
}
