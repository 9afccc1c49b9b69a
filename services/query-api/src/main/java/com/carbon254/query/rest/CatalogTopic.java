package com.carbon254.query.rest;

import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import com.carbon254.events.catalog.TopicCatalog;

/** A parameter that names, when given, a topic of the catalog or its dead-letter topic. */
@Documented
@Constraint(validatedBy = CatalogTopic.Validator.class)
@Target(PARAMETER)
@Retention(RUNTIME)
@interface CatalogTopic {

    String message() default "is not a topic of the catalog (a topic such as data-quality, or its .dlq)";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Checks {@link CatalogTopic}. */
    class Validator implements ConstraintValidator<CatalogTopic, String> {

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || value.isBlank() || TopicCatalog.byName(value.trim()).isPresent();
        }
    }
}
