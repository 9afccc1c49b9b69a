package com.carbon254.deploy;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Alert annotation templates and Grafana query variables. */
final class Templates {

    private static final Pattern ACTION = Pattern.compile("\\{\\{(.*?)}}", Pattern.DOTALL);
    private static final Pattern ALLOWED = Pattern.compile(
            "\\s*\\$(labels\\.[a-zA-Z_][a-zA-Z0-9_]*|value)(\\s*\\|\\s*(humanize|humanizeDuration|humanizePercentage"
                    + "|humanize1024|printf\\s+\"[^\"]*\"))?\\s*");
    private static final Pattern LABEL = Pattern.compile("\\$labels\\.([a-zA-Z_][a-zA-Z0-9_]*)");

    private Templates() {
    }

    /**
     * The labels an alert annotation uses ({@code {{ $labels.x }}}).
     *
     * @throws IllegalArgumentException on unbalanced braces or an action other than a label or the value, optionally
     *                                  piped to a humanize function
     */
    static Set<String> labelsUsed(String template) {
        if (count(template, "{{") != count(template, "}}")) {
            throw new IllegalArgumentException("unbalanced {{ }} in: " + template);
        }
        Set<String> labels = new LinkedHashSet<>();
        Matcher action = ACTION.matcher(template);
        while (action.find()) {
            if (!ALLOWED.matcher(action.group(1)).matches()) {
                throw new IllegalArgumentException("unexpected template action {{" + action.group(1) + "}} in: "
                        + template);
            }
            Matcher label = LABEL.matcher(action.group(1));
            while (label.find()) {
                labels.add(label.group(1));
            }
        }
        return labels;
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length())) {
            count++;
        }
        return count;
    }

    /** A Grafana query with its variables replaced by sample values, ready for the PromQL parser. */
    static String substituteGrafanaVariables(String query) {
        return query.replace("$__rate_interval", "5m").replace("$__interval", "1m").replace("$__range", "1h")
                .replaceAll("\\$\\{[a-zA-Z_][a-zA-Z0-9_]*(:[a-z]+)?}", "carbon254")
                .replaceAll("\\$[a-zA-Z_][a-zA-Z0-9_]*", "carbon254");
    }
}
