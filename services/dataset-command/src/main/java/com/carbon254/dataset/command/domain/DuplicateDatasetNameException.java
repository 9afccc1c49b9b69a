package com.carbon254.dataset.command.domain;

/** Another live dataset already has that name; names are unique in the catalog. */
public class DuplicateDatasetNameException extends RuntimeException {

    private final String name;

    public DuplicateDatasetNameException(String name) {
        super("A dataset named '" + name + "' already exists");
        this.name = name;
    }

    public String name() {
        return name;
    }
}
