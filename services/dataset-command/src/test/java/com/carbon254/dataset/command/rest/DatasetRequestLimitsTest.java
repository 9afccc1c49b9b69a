package com.carbon254.dataset.command.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.Field;
import java.lang.reflect.RecordComponent;

import jakarta.validation.constraints.Size;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

import com.carbon254.events.catalog.FieldLimits;
import com.carbon254.events.common.DatasetColumn;
import com.carbon254.events.data.DatasetCreatedEvent;

/**
 * The command's length limits never exceed the contract's: what the command accepts, its DatasetCreated event can
 * carry and every consumer can store (the limits are defined once, in the .avsc; this keeps the command's within them).
 */
class DatasetRequestLimitsTest {

    @Test
    void everyTextAndListOfACommandIsWithinTheLimitsOfItsEvent() throws Exception {
        assertWithin(DatasetRequest.class, DatasetCreatedEvent.getClassSchema());
        assertWithin(ColumnRequest.class, DatasetColumn.getClassSchema());
    }

    private static void assertWithin(Class<? extends Record> request, Schema contract) throws Exception {
        for (RecordComponent component : request.getRecordComponents()) {
            Schema.Field field = contract.getField(component.getName());
            if (field == null) {
                continue;
            }
            // Bean Validation annotations reach the component's field (they do not target record components).
            Field declared = request.getDeclaredField(component.getName());
            Size size = declared.getAnnotation(Size.class);
            Object maxItems = field.getObjectProp(FieldLimits.MAX_ITEMS);
            if (maxItems != null) {
                assertThat(size).as(component.getName() + " needs @Size").isNotNull();
                assertThat(size.max()).as(component.getName() + " entries").isLessThanOrEqualTo(((Number) maxItems).intValue());
                AnnotatedType item = ((AnnotatedParameterizedType) declared.getAnnotatedType())
                        .getAnnotatedActualTypeArguments()[0];
                Size itemSize = item.getAnnotation(Size.class);
                if (itemSize != null && FieldLimits.maxLength(field) != null) {
                    assertThat(itemSize.max()).as(component.getName() + " items").isLessThanOrEqualTo(FieldLimits.maxLength(field));
                }
            } else if (FieldLimits.maxLength(field) != null) {
                assertThat(size).as(component.getName() + " needs @Size").isNotNull();
                assertThat(size.max()).as(component.getName()).isLessThanOrEqualTo(FieldLimits.maxLength(field));
            }
        }
    }
}
