package com.carbon254.dataset.command.domain;

/**
 * One column of a dataset's schema, in table order.
 *
 * @param name        column name
 * @param type        data type as the storage engine names it, e.g. {@code bigint}
 * @param nullable    whether the column may hold nulls
 * @param description human description, or null
 */
public record ColumnDefinition(String name, String type, boolean nullable, String description) {
}
