package com.carbon254.dataset.command.domain;

/** No live dataset has that id (it never existed, or it was deleted). */
public class DatasetNotFoundException extends RuntimeException {

    private final String datasetId;

    public DatasetNotFoundException(String datasetId) {
        super("No dataset with id " + datasetId);
        this.datasetId = datasetId;
    }

    public String datasetId() {
        return datasetId;
    }
}
