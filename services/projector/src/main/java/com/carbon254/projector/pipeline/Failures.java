package com.carbon254.projector.pipeline;

import java.io.IOException;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RetriableException;

import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.DatabaseException;
import io.vertx.sqlclient.TransactionRollbackException;

/**
 * Why a batch transaction failed, which decides what the pipeline does next — the one place where failures are
 * classified (by PostgreSQL SQLState and exception type, the first cause that says something).
 */
public final class Failures {

    /** What a failure says about the batch. */
    public enum Kind {
        /**
         * The way to the database or broker broke and will likely come back: connection lost or refused, the server
         * shutting down or restarting ({@code pg_terminate_backend}), a timeout, a serialization failure or deadlock
         * (SQLState classes 08, 40, 53, 57, 58 and 55P03/55006; I/O and timeout exceptions; Kafka's retriable
         * errors). Retried with backoff; the batch is only suspected once the database answers again and it still
         * fails.
         */
        TRANSIENT,
        /**
         * Something no record causes and no retry cures soon: missing privileges or tables, an authentication or
         * configuration problem, an internal error (every other SQLState class, e.g. 28, 3D, 42, XX; non-retriable
         * Kafka errors; JVM errors). Retried with backoff for as long as it lasts, never dead-lettered: the projection
         * reports itself stuck instead.
         */
        ENVIRONMENT,
        /**
         * A value the database refuses (SQLState classes 21, 22, 23, 54: invalid or too long text, a NUL byte, an
         * index row over the btree limit, a constraint), or an exception thrown by the projection's own code for a
         * record. Not retried as is: the batch is narrowed down to the record(s) that fail, which are dead-lettered.
         */
        RECORD
    }

    /** Longest failure description put into a dead letter's reason. */
    private static final int MAX_DESCRIPTION = 1000;

    private Failures() {
    }

    public static Kind classify(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            Kind kind = classifyOne(t);
            if (kind != null) {
                return kind;
            }
        }
        return failure instanceof Error ? Kind.ENVIRONMENT : Kind.RECORD;
    }

    private static Kind classifyOne(Throwable t) {
        if (t instanceof DatabaseException db && db.getSqlState() != null) {
            return bySqlState(db.getSqlState());
        }
        if (t instanceof ClosedConnectionException || t instanceof TransactionRollbackException
                || t instanceof IOException || t instanceof TimeoutException
                || t instanceof io.smallrye.mutiny.TimeoutException || t instanceof RetriableException
                // Vert.x reports a closed pool or connection and an acquisition timeout with these.
                || t.getClass().getName().startsWith("io.vertx.core.impl.NoStackTrace")
                || t instanceof io.vertx.core.http.ConnectionPoolTooBusyException) {
            return Kind.TRANSIENT;
        }
        if (t instanceof KafkaException || t instanceof Error) {
            return Kind.ENVIRONMENT;
        }
        return null;
    }

    /** The kind of a PostgreSQL error, by its SQLState (https://www.postgresql.org/docs/current/errcodes-appendix.html). */
    static Kind bySqlState(String sqlState) {
        if (sqlState.equals("55P03") || sqlState.equals("55006")) {
            return Kind.TRANSIENT; // lock not available, object in use
        }
        return switch (sqlState.length() < 2 ? "" : sqlState.substring(0, 2)) {
            // connection exception, transaction rollback (serialization, deadlock), insufficient resources,
            // operator intervention (admin shutdown, crash, cannot connect now, query canceled), system error (I/O)
            case "08", "40", "53", "57", "58" -> Kind.TRANSIENT;
            // cardinality violation, data exception, integrity constraint violation, program limit exceeded
            case "21", "22", "23", "54" -> Kind.RECORD;
            default -> Kind.ENVIRONMENT;
        };
    }

    /** The failure for people and dead-letter reasons: its message, with the SQLState for database errors. */
    public static String describe(Throwable failure) {
        Throwable shown = failure;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DatabaseException) {
                shown = t;
                break;
            }
        }
        String message = shown.getMessage() == null ? shown.getClass().getName() : shown.getMessage();
        if (shown instanceof DatabaseException db && db.getSqlState() != null && !message.contains(db.getSqlState())) {
            message = message + " (SQLState " + db.getSqlState() + ")";
        }
        return message.length() > MAX_DESCRIPTION ? message.substring(0, MAX_DESCRIPTION) + "…" : message;
    }
}
