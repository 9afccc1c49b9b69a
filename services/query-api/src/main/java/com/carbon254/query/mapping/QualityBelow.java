package com.carbon254.query.mapping;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The datasets whose latest data-quality window has a pass rate below a threshold, lowest first. */
@Schema(name = "QualityBelow", description = "Datasets whose latest data-quality window is below a pass rate")
public record QualityBelow(
        @Schema(description = "The threshold asked for") double below,
        List<DatasetQuality> datasets) {

    /** A dataset and its latest window. */
    @Schema(name = "DatasetQuality", description = "A dataset and its latest data-quality window")
    public record DatasetQuality(String datasetName, QualityWindow latest) {
    }
}
