package com.carbon254.api.runtime.validation;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/** Checks {@link WholeNumber}. */
public class WholeNumberValidator implements ConstraintValidator<WholeNumber, String> {

    private long min;
    private long max;

    @Override
    public void initialize(WholeNumber annotation) {
        min = annotation.min();
        max = annotation.max();
    }

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
        if (Params.absent(value)) {
            return true;
        }
        Long parsed = Params.parseLong(value);
        return parsed != null && parsed >= min && parsed <= max;
    }
}
