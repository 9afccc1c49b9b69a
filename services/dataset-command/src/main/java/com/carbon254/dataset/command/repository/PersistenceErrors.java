package com.carbon254.dataset.command.repository;

import java.util.Locale;

/** Recognises database errors that mean something in the domain. */
public final class PersistenceErrors {

    private static final String UNIQUE_VIOLATION = "23505";

    private PersistenceErrors() {
    }

    /**
     * Whether {@code failure} (or a cause) is a unique-constraint violation of {@code constraint}. Hibernate Reactive
     * may surface the driver's exception as is or wrapped, so the whole cause chain is searched.
     */
    public static boolean isUniqueViolation(Throwable failure, String constraint) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof org.hibernate.exception.ConstraintViolationException cve
                    && constraint.equalsIgnoreCase(cve.getConstraintName())) {
                return true;
            }
            if (t instanceof io.vertx.pgclient.PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())
                    && constraint.equalsIgnoreCase(pg.getConstraint())) {
                return true;
            }
            String message = t.getMessage();
            if (message != null && message.contains(UNIQUE_VIOLATION)
                    && message.toLowerCase(Locale.ROOT).contains(constraint.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }
}
