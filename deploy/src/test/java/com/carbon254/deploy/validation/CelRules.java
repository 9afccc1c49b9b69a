package com.carbon254.deploy.validation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.types.SimpleType;
import dev.cel.common.values.NullValue;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelRuntime;

/**
 * Evaluates a CRD's {@code x-kubernetes-validations} rules, as the API server does: each rule is a CEL expression over
 * {@code self}, the value at the schema node that carries it, and the resource is refused when one is false. Rules on
 * transitions ({@code oldSelf}) apply to updates only and are skipped. Kubernetes' own CEL library functions
 * (quantities, URLs, IPs) are not available here; a rule calling one fails to compile and is reported.
 */
public final class CelRules {

    private static final Cel CEL = CelFactory.standardCelBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("self", SimpleType.DYN)
            .addCompilerLibraries(CelExtensions.strings())
            .addRuntimeLibraries(CelExtensions.strings())
            .build();

    private static final Map<String, CelRuntime.Program> PROGRAMS = new ConcurrentHashMap<>();

    private CelRules() {
    }

    /**
     * The rules of the schema (and of the schemas below it) that the value breaks.
     *
     * @param schema the structural OpenAPI schema, with its {@code x-kubernetes-validations}
     * @param value  the value at that schema
     * @param path   where the value is, for messages
     */
    public static List<String> check(JsonNode schema, JsonNode value, String path) {
        List<String> problems = new ArrayList<>();
        walk(schema, value, path, problems);
        return problems;
    }

    private static void walk(JsonNode schema, JsonNode value, String path, List<String> problems) {
        if (value == null || value.isMissingNode() || value.isNull()) {
            return;
        }
        for (JsonNode validation : schema.path("x-kubernetes-validations")) {
            String rule = validation.path("rule").asText();
            if (rule.contains("oldSelf")) {
                continue;
            }
            String message = validation.path("message").asText("failed rule: " + rule);
            try {
                Object result = program(rule).eval(Map.of("self", toCel(value)));
                if (!Boolean.TRUE.equals(result)) {
                    problems.add(path + ": " + message + " (rule: " + rule + ")");
                }
            } catch (Exception e) {
                problems.add(path + ": rule " + rule + " could not be evaluated: " + e.getMessage());
            }
        }
        JsonNode properties = schema.path("properties");
        if (value.isObject() && properties.isObject()) {
            properties.properties().forEach(p -> walk(p.getValue(), value.get(p.getKey()), path + "." + p.getKey(),
                    problems));
        }
        if (value.isObject() && schema.path("additionalProperties").isObject()) {
            value.properties().forEach(e -> walk(schema.path("additionalProperties"), e.getValue(),
                    path + "." + e.getKey(), problems));
        }
        if (value.isArray() && schema.path("items").isObject()) {
            for (int i = 0; i < value.size(); i++) {
                walk(schema.path("items"), value.get(i), path + "[" + i + "]", problems);
            }
        }
    }

    private static CelRuntime.Program program(String rule) {
        return PROGRAMS.computeIfAbsent(rule, r -> {
            try {
                CelAbstractSyntaxTree ast = CEL.compile(r).getAst();
                return CEL.createProgram(ast);
            } catch (Exception e) {
                throw new IllegalArgumentException("CEL rule does not compile: " + r + ": " + e.getMessage(), e);
            }
        });
    }

    /** A JSON value as CEL sees it: maps, lists, int (long), double, string, bool, null. */
    static Object toCel(JsonNode value) {
        if (value.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            value.properties().forEach(e -> map.put(e.getKey(), toCel(e.getValue())));
            return map;
        }
        if (value.isArray()) {
            List<Object> list = new ArrayList<>();
            value.forEach(v -> list.add(toCel(v)));
            return list;
        }
        if (value.isIntegralNumber()) {
            return value.asLong();
        }
        if (value.isNumber()) {
            return value.asDouble();
        }
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        if (value.isNull()) {
            return NullValue.NULL_VALUE;
        }
        return value.asText();
    }
}
