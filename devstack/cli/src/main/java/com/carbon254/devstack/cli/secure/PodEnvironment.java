package com.carbon254.devstack.cli.secure;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.carbon254.devstack.StackSecrets;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A container's environment as Kubernetes would give it, resolved against the local stack: {@code envFrom}
 * ConfigMaps, {@code env} values, {@code configMapKeyRef}s and {@code secretKeyRef}s, and {@code fieldRef}s of the
 * pod's namespace and name. Two things differ from a cluster, and only these:
 * <ul>
 * <li>the cluster's Service addresses in values ({@code <service>.<namespace>.svc[:port]}) become the local servers'
 *     addresses ({@link #addresses}); a {@code <X>_PORT} next to a {@code <X>_HOST} naming such a Service gets the
 *     local port; an address left unresolved is an error, never silently kept;</li>
 * <li>Secrets are the local {@link StackSecrets}, and a path under a secret volume's mount path is the local
 *     folder of that Secret.</li>
 * </ul>
 */
final class PodEnvironment {

    private static final Pattern SERVICE_ADDRESS =
            Pattern.compile("\\b([a-z0-9-]+)\\.([a-z0-9-]+)\\.svc(?:\\.cluster\\.local)?(?::(\\d+))?");

    private final RenderedManifests manifests;
    private final StackSecrets secrets;
    private final Map<String, String> addresses;

    /**
     * @param addresses local {@code host:port} by cluster Service name (e.g. {@code carbon254-kafka-bootstrap}); the
     *                  caller adds the services' and the Flink clusters' as they are known
     */
    PodEnvironment(RenderedManifests manifests, StackSecrets secrets, Map<String, String> addresses) {
        this.manifests = manifests;
        this.secrets = secrets;
        this.addresses = addresses;
    }

    /** The resolved environment of the first container of {@code workload} (a Deployment or a Job). */
    Map<String, String> of(JsonNode workload) {
        return of(workload, workload.path("spec").path("template").path("spec"), RenderedManifests.container(workload));
    }

    /** The resolved environment of {@code container} of {@code pod}, a pod spec of {@code workload}. */
    Map<String, String> of(JsonNode workload, JsonNode pod, JsonNode container) {
        Map<String, Path> mounts = secretMounts(pod, container);
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode source : container.path("envFrom")) {
            String configMap = source.path("configMapRef").path("name").asText(null);
            if (configMap == null) {
                throw new IllegalStateException("Only ConfigMaps are supported in envFrom: " + source);
            }
            manifests.get("ConfigMap", configMap).path("data").properties()
                    .forEach(e -> env.put(e.getKey(), e.getValue().asText()));
        }
        for (JsonNode variable : container.path("env")) {
            env.put(variable.path("name").asText(), value(workload, variable));
        }
        Map<String, String> resolved = new LinkedHashMap<>();
        env.forEach((key, value) -> resolved.put(key, local(key, value, env, mounts)));
        return resolved;
    }

    private String value(JsonNode workload, JsonNode variable) {
        if (variable.has("value")) {
            return variable.path("value").asText();
        }
        JsonNode from = variable.path("valueFrom");
        if (from.has("secretKeyRef")) {
            String name = from.path("secretKeyRef").path("name").asText();
            String key = from.path("secretKeyRef").path("key").asText();
            String value = secrets.get(name, key);
            if (value == null) {
                throw new IllegalStateException("Secret " + name + " (key " + key + ") of "
                        + RenderedManifests.name(workload) + " is not provided by the local stack");
            }
            return value;
        }
        if (from.has("configMapKeyRef")) {
            JsonNode ref = from.path("configMapKeyRef");
            return manifests.get("ConfigMap", ref.path("name").asText()).path("data").path(ref.path("key").asText())
                    .asText();
        }
        if (from.has("fieldRef")) {
            return switch (from.path("fieldRef").path("fieldPath").asText()) {
                case "metadata.namespace" -> workload.path("metadata").path("namespace").asText();
                case "metadata.name" -> RenderedManifests.name(workload) + "-local";
                default -> throw new IllegalStateException("Unsupported fieldRef " + from);
            };
        }
        throw new IllegalStateException("Unsupported env source " + variable);
    }

    /** A value of the cluster (an argument, a setting) with its Service addresses made local. */
    String local(String value) {
        return local("", value, Map.of(), Map.of());
    }

    /** A cluster value made local: Service addresses, ports and secret mount paths. */
    private String local(String key, String value, Map<String, String> env, Map<String, Path> mounts) {
        for (Map.Entry<String, Path> mount : mounts.entrySet()) {
            if (value.startsWith(mount.getKey() + "/") || value.equals(mount.getKey())) {
                return mount.getValue() + value.substring(mount.getKey().length());
            }
        }
        if (key.endsWith("_PORT")) {
            String host = env.get(key.substring(0, key.length() - "_PORT".length()) + "_HOST");
            Matcher service = host == null ? null : SERVICE_ADDRESS.matcher(host);
            if (service != null && service.matches()) {
                return port(address(service.group(1)));
            }
        }
        Matcher service = SERVICE_ADDRESS.matcher(value);
        StringBuilder local = new StringBuilder();
        while (service.find()) {
            String address = address(service.group(1));
            // A bare host names the host only (its port is given apart); a URL without a port means the Service's
            // port, which locally is the stand-in's own.
            boolean url = value.startsWith("://", Math.max(0, service.start() - 3));
            service.appendReplacement(local, Matcher.quoteReplacement(service.group(3) == null && !url
                    ? address.substring(0, address.lastIndexOf(':')) : address));
        }
        service.appendTail(local);
        return local.toString();
    }

    /**
     * Whether every cluster Service the container's environment names has a local stand-in yet (a workload that
     * names a Flink job's REST Service waits for that job's cluster).
     */
    boolean resolvable(JsonNode workload) {
        Matcher service = SERVICE_ADDRESS.matcher(RenderedManifests.container(workload).path("env").toString());
        while (service.find()) {
            if (!addresses.containsKey(service.group(1))) {
                return false;
            }
        }
        return true;
    }

    private String address(String service) {
        String address = addresses.get(service);
        if (address == null) {
            throw new IllegalStateException("The cluster Service " + service + " has no local stand-in; known: "
                    + addresses.keySet());
        }
        return address;
    }

    private static String port(String address) {
        return address.substring(address.lastIndexOf(':') + 1);
    }

    /** Mount path to the local folder of the Secret mounted there. */
    private Map<String, Path> secretMounts(JsonNode pod, JsonNode container) {
        Map<String, String> secretByVolume = new LinkedHashMap<>();
        for (JsonNode volume : pod.path("volumes")) {
            if (volume.has("secret")) {
                secretByVolume.put(volume.path("name").asText(), volume.path("secret").path("secretName").asText());
            }
        }
        Map<String, Path> mounts = new LinkedHashMap<>();
        for (JsonNode mount : container.path("volumeMounts")) {
            String secret = secretByVolume.get(mount.path("name").asText());
            if (secret != null) {
                mounts.put(mount.path("mountPath").asText().replaceAll("/+$", ""), secrets.secret(secret));
            }
        }
        return mounts;
    }
}
