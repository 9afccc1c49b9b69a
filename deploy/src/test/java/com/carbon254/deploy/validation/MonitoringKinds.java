package com.carbon254.deploy.validation;

import java.util.Map;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;

import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;

/**
 * Validates Prometheus Operator resources ({@code monitoring.coreos.com/v1}) against fabric8's models of its CRDs
 * ({@code io.fabric8:openshift-model-monitoring}, generated from those CRDs), read strictly: fabric8 models keep unknown
 * fields in an "additional properties" map, which this reader removes, so that an unknown field anywhere is an error,
 * and scalars are not coerced (a number where a string is expected is an error). The CRDs themselves are not on Maven
 * Central, so their value rules (enums, patterns such as the duration format, required fields) are not checked here:
 * the tests check those the platform's resources rely on by hand.
 */
public final class MonitoringKinds {

    public static final String GROUP = "monitoring.coreos.com";

    private static final Map<String, Class<?>> MODELS = Map.of(
            "v1/PrometheusRule", PrometheusRule.class,
            "v1/PodMonitor", PodMonitor.class,
            "v1/ServiceMonitor", ServiceMonitor.class);

    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .addModule(new SimpleModule().setDeserializerModifier(new BeanDeserializerModifier() {
                @Override
                public BeanDeserializerBuilder updateBuilder(DeserializationConfig config, BeanDescription description,
                                                             BeanDeserializerBuilder builder) {
                    builder.setAnySetter(null);
                    return builder;
                }
            }))
            .build();

    private MonitoringKinds() {
    }

    /** The model of a {@code monitoring.coreos.com} version/kind, or null. */
    public static Class<?> model(String version, String kind) {
        return MODELS.get(version + "/" + kind);
    }

    /**
     * Reads the resource strictly into its model.
     *
     * @throws IllegalArgumentException naming the offending field
     */
    public static <T> T read(Manifest resource, Class<T> model) {
        try {
            return STRICT.treeToValue(resource.node(), model);
        } catch (Exception e) {
            throw new IllegalArgumentException(model.getSimpleName() + ": " + e.getMessage().lines().findFirst()
                    .orElse("invalid") + pathOf(e), e);
        }
    }

    /** Validates the resource against the model of its kind. */
    public static void validate(Manifest resource) {
        Class<?> model = model(resource.version(), resource.kind());
        if (model == null) {
            throw new IllegalArgumentException("no model for " + resource.apiVersion() + " " + resource.kind());
        }
        read(resource, model);
    }

    private static String pathOf(Exception e) {
        if (e instanceof com.fasterxml.jackson.databind.JsonMappingException mapping) {
            return " at " + mapping.getPathReference();
        }
        return "";
    }
}
