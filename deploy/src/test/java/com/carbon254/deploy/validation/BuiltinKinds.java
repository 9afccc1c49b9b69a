package com.carbon254.deploy.validation;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;

import io.kubernetes.client.openapi.JSON;

/**
 * Validates built-in Kubernetes kinds with the official Kubernetes Java client's models ({@code io.kubernetes:
 * client-java-api}), which are generated from the Kubernetes OpenAPI document: {@code validateJsonElement} rejects
 * fields the API does not have (at any depth), missing required fields and values of the wrong JSON type, and reading
 * the document into the model checks numbers, quantities and int-or-string values.
 */
public final class BuiltinKinds {

    /** apiVersion/kind of the built-in kinds the platform may use, and their model class. */
    private static final Map<String, String> MODELS = Map.ofEntries(
            Map.entry("v1/Namespace", "V1Namespace"),
            Map.entry("v1/ConfigMap", "V1ConfigMap"),
            Map.entry("v1/Secret", "V1Secret"),
            Map.entry("v1/Service", "V1Service"),
            Map.entry("v1/ServiceAccount", "V1ServiceAccount"),
            Map.entry("v1/PersistentVolumeClaim", "V1PersistentVolumeClaim"),
            Map.entry("v1/LimitRange", "V1LimitRange"),
            Map.entry("v1/ResourceQuota", "V1ResourceQuota"),
            Map.entry("apps/v1/Deployment", "V1Deployment"),
            Map.entry("apps/v1/StatefulSet", "V1StatefulSet"),
            Map.entry("apps/v1/DaemonSet", "V1DaemonSet"),
            Map.entry("batch/v1/Job", "V1Job"),
            Map.entry("batch/v1/CronJob", "V1CronJob"),
            Map.entry("networking.k8s.io/v1/Ingress", "V1Ingress"),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", "V1NetworkPolicy"),
            Map.entry("policy/v1/PodDisruptionBudget", "V1PodDisruptionBudget"),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", "V2HorizontalPodAutoscaler"),
            Map.entry("rbac.authorization.k8s.io/v1/Role", "V1Role"),
            Map.entry("rbac.authorization.k8s.io/v1/RoleBinding", "V1RoleBinding"),
            Map.entry("rbac.authorization.k8s.io/v1/ClusterRole", "V1ClusterRole"),
            Map.entry("rbac.authorization.k8s.io/v1/ClusterRoleBinding", "V1ClusterRoleBinding"),
            Map.entry("apiextensions.k8s.io/v1/CustomResourceDefinition", "V1CustomResourceDefinition"));

    private static final String MODEL_PACKAGE = "io.kubernetes.client.openapi.models.";

    static {
        // Registers the client's type adapters (Quantity, IntOrString, OffsetDateTime, ...).
        new JSON();
    }

    private BuiltinKinds() {
    }

    /** Whether the group is a built-in API group (core or *.k8s.io or one of the classic unsuffixed groups). */
    public static boolean isBuiltinGroup(String group) {
        return group.isEmpty() || group.endsWith(".k8s.io")
                || java.util.Set.of("apps", "batch", "policy", "autoscaling").contains(group);
    }

    /** The model class of a built-in apiVersion/kind, if the platform may use that kind. */
    public static Optional<Class<?>> model(String apiVersion, String kind) {
        String name = MODELS.get(apiVersion + "/" + kind);
        if (name == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Class.forName(MODEL_PACKAGE + name));
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("client-java-api has no " + name, e);
        }
    }

    /**
     * Validates a document against the model of its kind.
     *
     * @throws IllegalArgumentException with the API's complaint
     */
    public static void validate(String apiVersion, String kind, JsonNode document) {
        Class<?> model = model(apiVersion, kind).orElseThrow(() -> new IllegalArgumentException(
                "no Kubernetes schema for " + apiVersion + " " + kind + " (not a kind of Kubernetes 1.35's API, or"
                        + " not one the platform uses: add it to BuiltinKinds)"));
        validate(model, document);
    }

    /** Validates a JSON value against one model class (e.g. {@code V1ObjectMeta} for a custom resource's metadata). */
    public static void validate(Class<?> model, JsonNode value) {
        JsonElement json = JsonParser.parseString(value.toString());
        try {
            Method validate = model.getMethod("validateJsonElement", JsonElement.class);
            validate.invoke(null, json);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw new IllegalArgumentException(model.getSimpleName() + ": " + shorten(cause.getMessage()), cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        try {
            JSON.getGson().fromJson(json, model);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(model.getSimpleName() + ": " + shorten(e.getMessage()), e);
        }
    }

    /** The generated validators append the whole JSON of the offending object; keep the sentence only. */
    private static String shorten(String message) {
        if (message == null) {
            return "invalid";
        }
        int json = message.indexOf(" JSON: ");
        return json < 0 ? message : message.substring(0, json);
    }
}
