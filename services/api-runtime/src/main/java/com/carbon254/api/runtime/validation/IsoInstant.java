package com.carbon254.api.runtime.validation;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

/**
 * A text parameter that is, when given, an ISO-8601 instant ({@code 2025-01-31T12:00:00Z}) within the range the
 * platform stores ({@link Params#EARLIEST_INSTANT} to {@link Params#LATEST_INSTANT}); read it with
 * {@link Params#instant(String)}. Blank counts as absent.
 */
@Documented
@Constraint(validatedBy = IsoInstantValidator.class)
@Target({PARAMETER, FIELD, TYPE_USE})
@Retention(RUNTIME)
public @interface IsoInstant {

    String message() default "must be an ISO-8601 instant from 1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z, "
            + "such as 2025-01-31T12:00:00Z";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
