package com.carbon254.devstack.cli.secure;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;

import com.carbon254.devstack.KafkaCredentials;
import com.carbon254.devstack.StackSecrets;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Does for the local broker what the Strimzi User Operator does for each rendered {@code KafkaUser}: a SCRAM-SHA-512
 * credential (its password kept in a Secret of the user's name, with the {@code sasl.jaas.config} key the services
 * read) and exactly the user's {@code simple} ACLs; ACLs of the user that the manifest no longer lists are removed.
 */
final class KafkaUsers {

    private static final int SCRAM_ITERATIONS = 4096;

    private KafkaUsers() {
    }

    /** Applies every KafkaUser; returns their names. */
    static List<String> apply(Admin admin, RenderedManifests manifests, StackSecrets secrets) throws Exception {
        List<String> names = new ArrayList<>();
        List<UserScramCredentialUpsertion> credentials = new ArrayList<>();
        List<AclBinding> wanted = new ArrayList<>();
        for (JsonNode user : manifests.all("KafkaUser")) {
            String name = RenderedManifests.name(user);
            String type = user.path("spec").path("authentication").path("type").asText();
            if (!type.equals("scram-sha-512")) {
                throw new IllegalStateException("KafkaUser " + name + " authenticates with " + type
                        + "; the local broker offers scram-sha-512 only");
            }
            KafkaCredentials login = new KafkaCredentials(name, secrets.password(name, "password"));
            secrets.put(name, "sasl.jaas.config", login.jaasConfig());
            credentials.add(new UserScramCredentialUpsertion(name,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, SCRAM_ITERATIONS), login.password()));
            wanted.addAll(acls(name, user.path("spec").path("authorization")));
            names.add(name);
        }
        admin.alterUserScramCredentials(new ArrayList<>(credentials)).all().get(60, TimeUnit.SECONDS);

        Set<AclBinding> existing = new HashSet<>();
        for (String name : names) {
            existing.addAll(admin.describeAcls(new AclBindingFilter(ResourcePatternFilter.ANY,
                    new AccessControlEntryFilter("User:" + name, null, AclOperation.ANY, AclPermissionType.ANY)))
                    .values().get(60, TimeUnit.SECONDS));
        }
        List<AclBindingFilter> stale = existing.stream().filter(b -> !wanted.contains(b)).map(AclBinding::toFilter)
                .toList();
        if (!stale.isEmpty()) {
            admin.deleteAcls(stale).all().get(60, TimeUnit.SECONDS);
        }
        admin.createAcls(wanted).all().get(60, TimeUnit.SECONDS);
        return names;
    }

    /** A KafkaUser's {@code spec.authorization} (type simple) as ACL bindings. */
    static List<AclBinding> acls(String user, JsonNode authorization) {
        if (!authorization.path("type").asText().equals("simple")) {
            throw new IllegalStateException("KafkaUser " + user + ": only simple authorization is supported");
        }
        List<AclBinding> bindings = new ArrayList<>();
        for (JsonNode acl : authorization.path("acls")) {
            JsonNode resource = acl.path("resource");
            ResourceType type = switch (resource.path("type").asText()) {
                case "topic" -> ResourceType.TOPIC;
                case "group" -> ResourceType.GROUP;
                case "transactionalId" -> ResourceType.TRANSACTIONAL_ID;
                case "cluster" -> ResourceType.CLUSTER;
                default -> throw new IllegalStateException("Unsupported ACL resource " + resource);
            };
            String name = type == ResourceType.CLUSTER ? "kafka-cluster" : resource.path("name").asText();
            PatternType pattern = resource.path("patternType").asText("literal").equals("prefix")
                    ? PatternType.PREFIXED : PatternType.LITERAL;
            AclPermissionType permission = acl.path("type").asText("allow").equals("deny")
                    ? AclPermissionType.DENY : AclPermissionType.ALLOW;
            for (JsonNode operation : acl.path("operations")) {
                bindings.add(new AclBinding(new ResourcePattern(type, name, pattern), new AccessControlEntry(
                        "User:" + user, acl.path("host").asText("*"), operation(operation.asText()), permission)));
            }
        }
        return bindings;
    }

    /** Strimzi's operation names (Read, IdempotentWrite, DescribeConfigs ...) as Kafka's. */
    private static AclOperation operation(String strimzi) {
        return AclOperation.fromString(strimzi.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT));
    }
}
