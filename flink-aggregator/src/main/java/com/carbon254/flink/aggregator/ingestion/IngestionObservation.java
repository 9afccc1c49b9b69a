package com.carbon254.flink.aggregator.ingestion;

import com.carbon254.events.data.DataIngestionEvent;
import com.carbon254.events.data.Status;
import com.carbon254.flink.aggregator.pipeline.ObservationTypeInfo;
import com.carbon254.flink.aggregator.pipeline.ObservedEvent;
import org.apache.flink.api.common.typeinfo.TypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;

import java.lang.reflect.Type;
import java.util.Map;

/** What the ingestion windows need of a {@link DataIngestionEvent}. */
@TypeInfo(IngestionObservation.Info.class)
public class IngestionObservation extends ObservedEvent {

    private long recordCount;
    private long sizeBytes;
    private Status status;
    private String source;

    public IngestionObservation() {
    }

    public static IngestionObservation of(DataIngestionEvent event) {
        IngestionObservation observation = new IngestionObservation();
        observation.setEventId(event.getEventId());
        observation.setDatasetName(event.getDatasetName());
        observation.setEventTime(event.getTimestamp().toEpochMilli());
        observation.recordCount = event.getRecordCount();
        observation.sizeBytes = event.getSizeBytes();
        observation.status = event.getStatus();
        observation.source = event.getSource();
        return observation;
    }

    public long getRecordCount() {
        return recordCount;
    }

    public void setRecordCount(long recordCount) {
        this.recordCount = recordCount;
    }

    public long getSizeBytes() {
        return sizeBytes;
    }

    public void setSizeBytes(long sizeBytes) {
        this.sizeBytes = sizeBytes;
    }

    public Status getStatus() {
        return status;
    }

    public void setStatus(Status status) {
        this.status = status;
    }

    public String getSource() {
        return source;
    }

    public void setSource(String source) {
        this.source = source;
    }

    /** Flink type information: the hand-written {@link IngestionObservationSerializer}. */
    public static final class Info extends TypeInfoFactory<IngestionObservation> {
        @Override
        public TypeInformation<IngestionObservation> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new ObservationTypeInfo<>(IngestionObservation.class, IngestionObservationSerializer::new);
        }
    }
}
