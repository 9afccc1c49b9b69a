package com.carbon254.events.runtime.metrics;

import static io.restassured.RestAssured.given;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One scrape of {@code /q/metrics} in the Prometheus text format, read by series name and labels. */
public record PrometheusScrape(List<Series> series) {

    private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** One sample: a series name, its labels and its value. */
    public record Series(String name, Map<String, String> labels, double value) {
    }

    public static PrometheusScrape now() {
        String body = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return new PrometheusScrape(body.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).map(l -> {
            Matcher m = LINE.matcher(l.trim());
            if (!m.matches()) {
                throw new IllegalStateException("not a Prometheus sample: " + l);
            }
            Map<String, String> labels = new HashMap<>();
            if (m.group(3) != null) {
                Matcher label = LABEL.matcher(m.group(3));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
            }
            return new Series(m.group(1), labels, Double.parseDouble(m.group(4)));
        }).toList());
    }

    /** The samples of {@code name} whose labels include {@code labels} (name/value pairs). */
    public List<Series> find(String name, String... labels) {
        return series.stream().filter(s -> s.name().equals(name)).filter(s -> {
            for (int i = 0; i < labels.length; i += 2) {
                if (!labels[i + 1].equals(s.labels().get(labels[i]))) {
                    return false;
                }
            }
            return true;
        }).toList();
    }

    /** The sum of those samples (0 when there is none). */
    public double sum(String name, String... labels) {
        return find(name, labels).stream().mapToDouble(Series::value).sum();
    }
}
