package com.carbon254.readmodel;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The search index of datasets: one document per live dataset (id = datasetId, external version = datasetVersion),
 * behind an alias ({@value #ALIAS} by default) over the index of the live generation, {@code <alias>-v<n>}. Its
 * settings and mapping are {@value #DEFINITION} in this jar, which the projector creates each generation's index with
 * and the query API's tests use.
 */
public final class DatasetIndex {

    /** The alias the query API reads and the live projection writes, unless configured otherwise. */
    public static final String ALIAS = "datasets";

    /** The classpath resource holding the index settings and mapping. */
    public static final String DEFINITION = "/search/datasets-index.json";

    private DatasetIndex() {
    }

    /** The index settings and mapping (the body of the index creation request). */
    public static String definition() {
        try (InputStream in = DatasetIndex.class.getResourceAsStream(DEFINITION)) {
            if (in == null) {
                throw new IllegalStateException(DEFINITION + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The concrete index of a generation of {@code alias}, e.g. {@code datasets-v2}. */
    public static String generation(String alias, int generation) {
        return alias + "-v" + generation;
    }
}
