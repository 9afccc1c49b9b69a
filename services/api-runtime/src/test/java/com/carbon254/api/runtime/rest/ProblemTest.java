package com.carbon254.api.runtime.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.carbon254.events.runtime.json.FieldViolation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class ProblemTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void extensionMembersAreWrittenBesideTheStandardOnesAndNullsAreLeftOut() throws Exception {
        Problem problem = Problem.of("urn:carbon254:problem:version-conflict", "Version conflict", 409, "stale",
                        "/datasets/1")
                .with("currentVersion", 3L)
                .with("expectedVersion", null)
                .withErrors(List.of(new FieldViolation("If-Match", "is stale")));

        JsonNode body = json.readTree(json.writeValueAsString(problem));

        assertThat(body.fieldNames()).toIterable().containsExactly("type", "title", "status", "detail", "instance",
                "errors", "currentVersion");
        assertThat(body.path("currentVersion").asLong()).isEqualTo(3L);
        assertThat(body.path("errors").get(0).path("field").asText()).isEqualTo("If-Match");
    }

    @Test
    void aProblemOfOnlyItsStatusIsAboutBlank() throws Exception {
        JsonNode body = json.readTree(json.writeValueAsString(Problem.of(null, "Not Found", 404, null, "/x")));

        assertThat(body.path("type").asText()).isEqualTo(Problem.ABOUT_BLANK);
        assertThat(body.has("detail")).isFalse();
        assertThat(body.has("errors")).isFalse();
        assertThat(body.has("extensions")).isFalse();
    }
}
