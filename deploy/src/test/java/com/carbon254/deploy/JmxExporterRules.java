package com.carbon254.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The Prometheus JMX exporter's rule matching, enough to tell which metric name an MBean attribute gets: each rule's
 * pattern is matched (unanchored) against {@code domain<key=value, ...><>attribute: value}; the first rule that matches
 * names the sample, with the pattern's groups substituted, lower-cased when {@code lowercaseOutputName} is set.
 */
final class JmxExporterRules {

    private static final Set<String> TOP_LEVEL = Set.of("lowercaseOutputName", "lowercaseOutputLabelNames", "rules",
            "includeObjectNames", "excludeObjectNames", "whitelistObjectNames", "blacklistObjectNames",
            "startDelaySeconds", "ssl", "jmxUrl", "hostPort");
    private static final Set<String> RULE_KEYS = Set.of("pattern", "name", "value", "valueFactor", "help", "type",
            "labels", "attrNameSnakeCase", "cache");
    private static final Set<String> TYPES = Set.of("GAUGE", "COUNTER", "UNTYPED");

    private record Rule(Pattern pattern, String name, Map<String, String> labels) {
    }

    private final boolean lowercaseNames;
    private final List<Rule> rules = new ArrayList<>();

    /** Reads a JMX exporter configuration, failing on keys or types the exporter does not know. */
    JmxExporterRules(JsonNode config) {
        config.fieldNames().forEachRemaining(key -> {
            if (!TOP_LEVEL.contains(key)) {
                throw new IllegalArgumentException("unknown JMX exporter setting " + key);
            }
        });
        lowercaseNames = config.path("lowercaseOutputName").asBoolean(false);
        for (JsonNode rule : config.path("rules")) {
            rule.fieldNames().forEachRemaining(key -> {
                if (!RULE_KEYS.contains(key)) {
                    throw new IllegalArgumentException("unknown JMX exporter rule key " + key + " in " + rule);
                }
            });
            if (rule.has("type") && !TYPES.contains(rule.path("type").asText())) {
                throw new IllegalArgumentException("unknown metric type " + rule.path("type") + " in " + rule);
            }
            Map<String, String> labels = new java.util.LinkedHashMap<>();
            rule.path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
            rules.add(new Rule(Pattern.compile("^.*?(?:" + rule.path("pattern").asText() + ").*?$"),
                    rule.path("name").asText(null), labels));
        }
        if (rules.isEmpty()) {
            throw new IllegalArgumentException("no rules: the exporter would expose every MBean under generic names");
        }
    }

    /** The metric name the exporter gives this MBean attribute, if a rule names it. */
    Optional<String> nameOf(String mbeanAttribute) {
        String input = mbeanAttribute + ": 1";
        for (Rule rule : rules) {
            Matcher matcher = rule.pattern().matcher(input);
            if (matcher.matches()) {
                if (rule.name() == null) {
                    return Optional.empty();
                }
                String name = matcher.replaceAll(rule.name()).replaceAll("[^a-zA-Z0-9:_]", "_");
                return Optional.of(lowercaseNames ? name.toLowerCase(Locale.ROOT) : name);
            }
        }
        return Optional.empty();
    }

    int size() {
        return rules.size();
    }
}
