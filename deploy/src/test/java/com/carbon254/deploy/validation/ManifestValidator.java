package com.carbon254.deploy.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Validates one rendered document against the schema of its kind, offline:
 * <ul>
 * <li>built-in kinds: {@link BuiltinKinds} (the Kubernetes OpenAPI models of the official Java client);</li>
 * <li>kinds with a CRD at hand (Strimzi, Flink operator): {@link CrdSchemas} (the CRD's openAPIV3Schema and CEL
 *     rules);</li>
 * <li>{@code monitoring.coreos.com}: {@link MonitoringKinds} (fabric8's models of the Prometheus Operator CRDs);</li>
 * <li>any other kind is an error: nothing goes to the cluster unchecked.</li>
 * </ul>
 * For every kind it also checks the object names, label and annotation keys and values, and the namespace the way the
 * API server does.
 */
public final class ManifestValidator {

    private static final Pattern DNS1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern DNS1035_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern DNS1123_SUBDOMAIN = Pattern.compile(
            "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern QUALIFIED_NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    private static final Pattern LABEL_VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");
    private static final Set<String> CLUSTER_SCOPED_BUILTINS = Set.of("Namespace", "ClusterRole",
            "ClusterRoleBinding", "CustomResourceDefinition", "PersistentVolume", "StorageClass", "PriorityClass");

    private final CrdSchemas crds;

    public ManifestValidator(CrdSchemas crds) {
        this.crds = crds;
    }

    /** The problems of one document; empty when it is valid. */
    public List<String> validate(Manifest manifest) {
        List<String> problems = new ArrayList<>();
        if (manifest.apiVersion().isEmpty() || manifest.kind().isEmpty()) {
            problems.add("apiVersion and kind are required");
            return problems;
        }
        problems.addAll(checkMetadata(manifest));
        String group = manifest.group();
        try {
            if (BuiltinKinds.isBuiltinGroup(group)) {
                BuiltinKinds.validate(manifest.apiVersion(), manifest.kind(), manifest.node());
                boolean clusterScoped = CLUSTER_SCOPED_BUILTINS.contains(manifest.kind());
                if (clusterScoped && !manifest.namespace().isEmpty()) {
                    problems.add(manifest.kind() + " is cluster-scoped but has metadata.namespace");
                }
            } else if (group.equals(MonitoringKinds.GROUP)) {
                MonitoringKinds.validate(manifest);
            } else if (crds.hasGroup(group)) {
                problems.addAll(crds.validate(manifest));
            } else {
                problems.add("no schema for " + manifest.apiVersion() + " " + manifest.kind()
                        + ": add its CRD to the deploy module's test resources or a validator for it");
            }
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        return problems;
    }

    private static List<String> checkMetadata(Manifest manifest) {
        List<String> problems = new ArrayList<>();
        JsonNode metadata = manifest.node().path("metadata");
        String name = manifest.name();
        boolean label = manifest.kind().equals("Namespace") || manifest.kind().equals("Service");
        Pattern pattern = manifest.kind().equals("Service") ? DNS1035_LABEL
                : manifest.kind().equals("Namespace") ? DNS1123_LABEL : DNS1123_SUBDOMAIN;
        if (name.isEmpty()) {
            problems.add("metadata.name is required");
        } else if (!pattern.matcher(name).matches() || name.length() > (label ? 63 : 253)) {
            problems.add("metadata.name '" + name + "' is not a valid " + manifest.kind() + " name");
        }
        if (!manifest.namespace().isEmpty() && !DNS1123_LABEL.matcher(manifest.namespace()).matches()) {
            problems.add("metadata.namespace '" + manifest.namespace() + "' is not a valid namespace name");
        }
        metadata.path("labels").properties().forEach(e -> {
            problems.addAll(checkKey("label", e.getKey()));
            if (!e.getValue().isTextual()) {
                problems.add("label " + e.getKey() + " has a non-string value " + e.getValue());
            } else if (!LABEL_VALUE.matcher(e.getValue().asText()).matches() || e.getValue().asText().length() > 63) {
                problems.add("label " + e.getKey() + " has an invalid value '" + e.getValue().asText() + "'");
            }
        });
        metadata.path("annotations").properties().forEach(e -> {
            problems.addAll(checkKey("annotation", e.getKey()));
            if (!e.getValue().isTextual()) {
                problems.add("annotation " + e.getKey() + " has a non-string value " + e.getValue());
            }
        });
        return problems;
    }

    private static List<String> checkKey(String what, String key) {
        int slash = key.indexOf('/');
        String prefix = slash < 0 ? null : key.substring(0, slash);
        String name = slash < 0 ? key : key.substring(slash + 1);
        List<String> problems = new ArrayList<>();
        if (prefix != null && (!DNS1123_SUBDOMAIN.matcher(prefix).matches() || prefix.length() > 253)) {
            problems.add(what + " key '" + key + "' has an invalid prefix");
        }
        if (!QUALIFIED_NAME.matcher(name).matches() || name.length() > 63) {
            problems.add(what + " key '" + key + "' has an invalid name");
        }
        return problems;
    }
}
