package com.carbon254.flink.aggregator.quality;

import com.carbon254.events.data.DataQualityEvent;
import com.carbon254.events.data.QualitySeverity;
import com.carbon254.flink.aggregator.pipeline.ObservationTypeInfo;
import com.carbon254.flink.aggregator.pipeline.ObservedEvent;
import org.apache.flink.api.common.typeinfo.TypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;

import java.lang.reflect.Type;
import java.util.Map;

/** What the quality windows need of a {@link DataQualityEvent}. */
@TypeInfo(QualityObservation.Info.class)
public class QualityObservation extends ObservedEvent {

    private String checkName;
    private boolean passed;
    private boolean critical;

    public QualityObservation() {
    }

    public static QualityObservation of(DataQualityEvent event) {
        QualityObservation observation = new QualityObservation();
        observation.setEventId(event.getEventId());
        observation.setDatasetName(event.getDatasetName());
        observation.setEventTime(event.getTimestamp().toEpochMilli());
        observation.checkName = event.getCheckName();
        observation.passed = event.getPassed();
        observation.critical = event.getSeverity() == QualitySeverity.CRITICAL;
        return observation;
    }

    public String getCheckName() {
        return checkName;
    }

    public void setCheckName(String checkName) {
        this.checkName = checkName;
    }

    public boolean isPassed() {
        return passed;
    }

    public void setPassed(boolean passed) {
        this.passed = passed;
    }

    public boolean isCritical() {
        return critical;
    }

    public void setCritical(boolean critical) {
        this.critical = critical;
    }

    /** Flink type information: the hand-written {@link QualityObservationSerializer}. */
    public static final class Info extends TypeInfoFactory<QualityObservation> {
        @Override
        public TypeInformation<QualityObservation> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new ObservationTypeInfo<>(QualityObservation.class, QualityObservationSerializer::new);
        }
    }
}
