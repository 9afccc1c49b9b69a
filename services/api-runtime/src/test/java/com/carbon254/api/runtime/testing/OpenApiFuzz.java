package com.carbon254.api.runtime.testing;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Fuzzes every operation of a running API from its own OpenAPI document ({@code /q/openapi}): for each operation, a
 * number of requests whose path, query and header parameters and JSON body are valid values (the document's examples,
 * enums, types) or hostile ones from {@link FuzzValues} (random and unicode-edge text, NUL, huge strings, edge numbers
 * and instants, wrong types, path segments). Every answer must come within the time bound, never be a 5xx, and every
 * 4xx must be {@code application/problem+json}. Deterministic for a seed; a violation lists the request.
 */
public final class OpenApiFuzz {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> METHODS = Set.of("get", "post", "put", "delete", "patch");

    private final URI base;
    private final String token;
    private final Random random;
    private final FuzzValues values;
    private final Set<String> invalidOnly;
    private final Duration bound;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    /** What a run found. */
    public record Report(int requests, Map<Integer, Integer> statuses, List<String> violations) {

        @Override
        public String toString() {
            return requests + " requests, statuses " + statuses + ", " + violations.size() + " violations"
                    + (violations.isEmpty() ? "" : ":\n  " + String.join("\n  ", violations.subList(0,
                            Math.min(20, violations.size()))));
        }
    }

    /**
     * @param base        the API's base URI
     * @param token       the bearer token most requests carry (one in ten carries none)
     * @param seed        the seed of every random choice
     * @param invalidOnly operations ({@code "POST /path"}) only ever sent invalid input, because a valid request
     *                    would start work that outlives the run (e.g. a rebuild)
     * @param bound       the longest an answer may take (a generous bound, not a performance figure)
     */
    public OpenApiFuzz(URI base, String token, long seed, Set<String> invalidOnly, Duration bound) {
        this.base = base;
        this.token = token;
        this.random = new Random(seed);
        this.values = new FuzzValues(random);
        this.invalidOnly = invalidOnly;
        this.bound = bound;
    }

    /** Sends {@code perOperation} requests to every operation of the document, and reports what came back. */
    public Report run(int perOperation) throws Exception {
        JsonNode document = JSON.readTree(client.send(HttpRequest.newBuilder(base.resolve("/q/openapi?format=json"))
                .GET().build(), HttpResponse.BodyHandlers.ofString()).body());
        Map<Integer, Integer> statuses = new TreeMap<>();
        List<String> violations = new ArrayList<>();
        int requests = 0;
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (!METHODS.contains(op.getKey())) {
                    continue;
                }
                Operation operation = new Operation(op.getKey().toUpperCase(), path.getKey(), op.getValue(), document);
                boolean validAllowed = !invalidOnly.contains(operation.method + " " + operation.path);
                for (int i = 0; i < perOperation; i++) {
                    HttpRequest request = operation.request(validAllowed && random.nextInt(3) == 0, validAllowed);
                    requests++;
                    check(request, operation.body, operation.declared, statuses, violations);
                }
            }
        }
        return new Report(requests, statuses, violations);
    }

    /**
     * A 5xx is a violation unless the operation documents that status (e.g. 503 for an unreachable broker, 504 for a
     * read-your-writes wait that ran out) and answers it as a problem: a designed answer, not a failure.
     */
    private void check(HttpRequest request, String body, Set<String> declared, Map<Integer, Integer> statuses,
                       List<String> violations) throws Exception {
        String described = request.method() + " " + abbreviate(request.uri().toString())
                + (body == null ? "" : " body " + abbreviate(body));
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            violations.add(described + ": no answer within " + bound);
            return;
        }
        int status = response.statusCode();
        statuses.merge(status, 1, Integer::sum);
        boolean problem = response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json");
        if (status >= 500 && !(declared.contains(Integer.toString(status)) && problem)) {
            violations.add(described + ": " + status + " " + abbreviate(response.body()));
        } else if (status >= 400 && !problem) {
            violations.add(described + ": " + status + " without a problem body ("
                    + response.headers().firstValue("Content-Type").orElse("no content type") + ")");
        }
    }

    private static String abbreviate(String text) {
        String shown = text.replace("\n", " ");
        return shown.length() > 200 ? shown.substring(0, 200) + "…(" + text.length() + " chars)" : shown;
    }

    /** One operation of the document, and how to make requests to it. */
    private final class Operation {
        final String method;
        final String path;
        final List<JsonNode> parameters = new ArrayList<>();
        final JsonNode bodySchema;
        final Map<String, JsonNode> bodyExamples = new LinkedHashMap<>();
        /** The values of this request's path parameters: an example named like one of them fits the request. */
        final List<String> pathValues = new ArrayList<>();
        final JsonNode document;
        /** The response statuses the document declares for this operation. */
        final Set<String> declared = new java.util.HashSet<>();
        String body;

        Operation(String method, String path, JsonNode spec, JsonNode document) {
            this.method = method;
            this.path = path;
            this.document = document;
            spec.path("parameters").forEach(parameters::add);
            spec.path("responses").fieldNames().forEachRemaining(declared::add);
            JsonNode json = spec.path("requestBody").path("content").path("application/json");
            this.bodySchema = json.isMissingNode() ? null : resolve(json.path("schema"));
            json.path("examples").fields().forEachRemaining(e -> bodyExamples.put(e.getKey(), e.getValue().path("value")));
            if (!json.path("example").isMissingNode()) {
                bodyExamples.put("example", json.path("example"));
            }
        }

        /**
         * @param valid      every value valid (else a mix)
         * @param omissible  whether optional parameters may be left out and valid values used at all; false for an
         *                   invalid-only operation, whose every parameter gets a hostile value
         */
        HttpRequest request(boolean valid, boolean omissible) {
            String target = path;
            Map<String, String> query = new LinkedHashMap<>();
            Map<String, String> headers = new LinkedHashMap<>();
            pathValues.clear();
            for (JsonNode parameter : parameters) {
                String name = parameter.path("name").asText();
                String in = parameter.path("in").asText();
                boolean give = "path".equals(in) || !omissible || random.nextInt(3) > 0;
                if (!give) {
                    continue;
                }
                String value = valid || (omissible && random.nextInt(3) == 0)
                        ? values.valid(resolve(parameter.path("schema"))) : values.hostileText();
                while (!omissible && value.isBlank()) {
                    value = values.hostileText(); // blank is absent: the valid default
                }
                switch (in) {
                    case "path" -> {
                        pathValues.add(value);
                        target = target.replace("{" + name + "}", values.pathSegment(value));
                    }
                    case "query" -> query.put(name, value);
                    case "header" -> headers.put(name, values.headerValue(value));
                    default -> { }
                }
            }
            StringBuilder uri = new StringBuilder(target);
            String separator = "?";
            for (Map.Entry<String, String> parameter : query.entrySet()) {
                uri.append(separator).append(URLEncoder.encode(parameter.getKey(), StandardCharsets.UTF_8)).append('=')
                        .append(values.queryValue(parameter.getValue()));
                separator = "&";
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(uri.toString())).timeout(bound);
            headers.forEach((name, value) -> {
                if (!value.isEmpty()) {
                    request.header(name, value);
                }
            });
            if (random.nextInt(10) > 0) {
                request.header("Authorization", "Bearer " + token);
            }
            body = bodySchema == null && !"POST".equals(method) && !"PUT".equals(method) ? null : body(valid);
            if (body != null) {
                request.header("Content-Type", random.nextInt(20) == 0 ? "text/plain" : "application/json");
            }
            return request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body)).build();
        }

        private String body(boolean valid) {
            JsonNode example = pathValues.stream().filter(bodyExamples::containsKey).findFirst().map(bodyExamples::get)
                    .orElseGet(() -> bodyExamples.isEmpty() ? values.validJson(bodySchema, document, 0)
                            : List.copyOf(bodyExamples.values()).get(random.nextInt(bodyExamples.size())))
                    .deepCopy();
            if (valid) {
                return example.toString();
            }
            return switch (random.nextInt(6)) {
                case 0 -> values.hostileBody();
                case 1 -> mutate(example).toString();
                case 2 -> mutate(mutate(example)).toString();
                case 3 -> {
                    ArrayNode array = JsonNodeFactory.instance.arrayNode();
                    array.add(mutate(example));
                    array.add(example);
                    yield array.toString();
                }
                case 4 -> values.hostileJsonValue().toString();
                default -> mutate(example).toString();
            };
        }

        /** The example with one field (anywhere) replaced, removed or added. */
        private JsonNode mutate(JsonNode node) {
            JsonNode copy = node.deepCopy();
            JsonNode target = copy;
            if (target.isArray() && !target.isEmpty()) {
                target = target.get(random.nextInt(target.size()));
            }
            if (!(target instanceof ObjectNode object)) {
                return values.hostileJsonValue();
            }
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            int choice = random.nextInt(4);
            if (names.isEmpty() || choice == 0) {
                object.set(values.hostileText(), values.hostileJsonValue());
            } else if (choice == 1) {
                object.remove(names.get(random.nextInt(names.size())));
            } else {
                object.set(names.get(random.nextInt(names.size())), values.hostileJsonValue());
            }
            return copy;
        }

        private JsonNode resolve(JsonNode schema) {
            return FuzzValues.resolve(schema, document);
        }
    }
}
