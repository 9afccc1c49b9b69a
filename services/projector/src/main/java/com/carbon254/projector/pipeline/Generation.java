package com.carbon254.projector.pipeline;

import java.util.regex.Pattern;

/**
 * Which tables a projection writes and the name its positions are stored under: the live read model's (generation 0),
 * or those of replay generation {@code n} — tables {@code <table>_rebuild_<n>}, positions {@code <projection>#rebuild-<n>}
 * — until the replay's switch renames them to the live names.
 *
 * @param number 0 for the live tables, else the replay generation
 */
public record Generation(int number) {

    /** The tables the query API reads. */
    public static final Generation LIVE = new Generation(0);

    private static final Pattern SAFE = Pattern.compile("[a-z_][a-z0-9_]*\\.[a-z_][a-z0-9_]*");

    public Generation {
        if (number < 0) {
            throw new IllegalArgumentException("generation " + number);
        }
    }

    public boolean live() {
        return number == 0;
    }

    /**
     * This generation's copy of a read-model table (schema-qualified, as in {@code ReadModelSchema}). Table names are
     * spliced into statements (they cannot be bind parameters): only ever the contract's own names.
     */
    public String table(String table) {
        if (!SAFE.matcher(table).matches()) {
            throw new IllegalArgumentException("unexpected table name " + table);
        }
        return live() ? table : table + "_rebuild_" + number;
    }

    /** The name this generation of a projection stores its positions under. */
    public String positions(String projection) {
        return live() ? projection : projection + "#rebuild-" + number;
    }

    /** A table name without its schema. */
    public static String bare(String qualified) {
        return qualified.substring(qualified.indexOf('.') + 1);
    }
}
