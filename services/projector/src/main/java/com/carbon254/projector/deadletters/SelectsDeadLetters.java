package com.carbon254.projector.deadletters;

import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * A re-drive request selects something: {@code dlqTopic} + {@code partition} + {@code offsets} together, and/or
 * {@code records}. Reported on the fields that are missing, beside the fields' own violations, in one 400.
 */
@Documented
@Constraint(validatedBy = SelectsDeadLetters.Validator.class)
@Target(TYPE)
@Retention(RUNTIME)
@interface SelectsDeadLetters {

    String message() default "select dead letters: dlqTopic + partition + offsets, or records";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Checks {@link SelectsDeadLetters}. */
    class Validator implements ConstraintValidator<SelectsDeadLetters, DeadLetterResource.RedriveRequest> {

        @Override
        public boolean isValid(DeadLetterResource.RedriveRequest request, ConstraintValidatorContext context) {
            if (request == null) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            boolean valid = true;
            boolean byOffsets = request.dlqTopic() != null || request.partition() != null || request.offsets() != null;
            if (byOffsets) {
                valid &= present(request.dlqTopic() != null, "dlqTopic", DeadLetterResource.DLQ_TOPIC_PROBLEM, context);
                valid &= present(request.partition() != null, "partition", "must be a partition number (0 or more)",
                        context);
                valid &= present(request.offsets() != null && !request.offsets().isEmpty(), "offsets",
                        "must list at least one offset", context);
            } else if (request.records() == null || request.records().isEmpty()) {
                valid = present(false, "records", "select dead letters: dlqTopic + partition + offsets, or records",
                        context);
            }
            return valid;
        }

        private static boolean present(boolean given, String field, String problem, ConstraintValidatorContext context) {
            if (!given) {
                context.buildConstraintViolationWithTemplate(problem).addPropertyNode(field).addConstraintViolation();
            }
            return given;
        }
    }
}
