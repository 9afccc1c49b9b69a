package com.carbon254.flink.aggregator;

import com.carbon254.events.catalog.TopicCatalog;
import com.carbon254.events.data.DataIngestionAggregatedEvent;
import com.carbon254.events.data.DataIngestionEvent;
import com.carbon254.events.data.DataQualityAggregatedEvent;
import com.carbon254.events.data.DataQualityEvent;
import com.carbon254.flink.aggregator.ingestion.IngestionObservation;
import com.carbon254.flink.aggregator.ingestion.IngestionWindowAggregate;
import com.carbon254.flink.aggregator.ingestion.IngestionWindowFunction;
import com.carbon254.flink.aggregator.pipeline.EventFields;
import com.carbon254.flink.aggregator.pipeline.WindowAggregateFunction;
import com.carbon254.flink.aggregator.pipeline.WindowedAggregation;
import com.carbon254.flink.aggregator.quality.QualityObservation;
import com.carbon254.flink.aggregator.quality.QualityWindowAggregate;
import com.carbon254.flink.aggregator.quality.QualityWindowFunction;

/** The job's aggregations; topics come from the platform's topic catalog. */
public final class Aggregations {

    private Aggregations() {
    }

    /** data-ingestion → per-dataset ingestion summaries → data-ingestion-aggregated. */
    public static WindowedAggregation<DataIngestionEvent, IngestionObservation, IngestionWindowAggregate,
            DataIngestionAggregatedEvent> ingestion() {
        return new WindowedAggregation<>(AggregatorConfig.INGESTION,
                TopicCatalog.DATA_INGESTION, TopicCatalog.DATA_INGESTION_AGGREGATED,
                DataIngestionEvent.class, IngestionObservation.class, IngestionWindowAggregate.class,
                DataIngestionAggregatedEvent.class,
                EventFields.of(DataIngestionEvent::getDatasetName, DataIngestionEvent::getTimestamp),
                IngestionObservation::of,
                EventFields.of(DataIngestionAggregatedEvent::getDatasetName,
                        DataIngestionAggregatedEvent::getTimestamp),
                new WindowAggregateFunction<>(IngestionWindowAggregate::new), new IngestionWindowFunction());
    }

    /** data-quality → per-dataset pass rates → data-quality-aggregated. */
    public static WindowedAggregation<DataQualityEvent, QualityObservation, QualityWindowAggregate,
            DataQualityAggregatedEvent> quality() {
        return new WindowedAggregation<>(AggregatorConfig.QUALITY,
                TopicCatalog.DATA_QUALITY, TopicCatalog.DATA_QUALITY_AGGREGATED,
                DataQualityEvent.class, QualityObservation.class, QualityWindowAggregate.class,
                DataQualityAggregatedEvent.class,
                EventFields.of(DataQualityEvent::getDatasetName, DataQualityEvent::getTimestamp),
                QualityObservation::of,
                EventFields.of(DataQualityAggregatedEvent::getDatasetName,
                        DataQualityAggregatedEvent::getTimestamp),
                new WindowAggregateFunction<>(QualityWindowAggregate::new), new QualityWindowFunction());
    }
}
