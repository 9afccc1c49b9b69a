package com.carbon254.query.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.carbon254.query.mapping.TransformationRuns;
import com.carbon254.query.repository.TransformationRunRepository;

import io.smallrye.mutiny.Uni;

/** Transformation runs per job and per dataset (written or read), newest first. */
@ApplicationScoped
public class TransformationService {

    @Inject
    TransformationRunRepository runs;

    /** The newest runs matching the filters (null: any), at most {@code limit}. */
    public Uni<TransformationRuns> runs(String dataset, String job, int limit) {
        return runs.newest(dataset, job, limit).map(found -> new TransformationRuns(dataset, job, found));
    }
}
