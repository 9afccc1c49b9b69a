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
 * A text parameter that is, when given, a whole number in [{@link #min()}, {@link #max()}]; read it with
 * {@link Params#integer} or {@link Params#longValue}. Blank counts as absent. Parameters are taken as text so that a
 * value that is no number at all is a field-level 400 like any other, not the framework's bare 404.
 */
@Documented
@Constraint(validatedBy = WholeNumberValidator.class)
@Target({PARAMETER, FIELD, TYPE_USE})
@Retention(RUNTIME)
public @interface WholeNumber {

    long min() default 0;

    long max() default Long.MAX_VALUE;

    String message() default "must be a whole number from {min} to {max}";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
