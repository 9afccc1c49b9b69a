package com.carbon254.api.runtime.validation;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/** Checks {@link IsoInstant}. */
public class IsoInstantValidator implements ConstraintValidator<IsoInstant, String> {

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
        return Params.absent(value) || Params.parseInstant(value) != null;
    }
}
