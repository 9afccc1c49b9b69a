package com.carbon254.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.carbon254.console.testing.PlatformServicesResource;
import com.carbon254.devstack.testing.TestTokens;
import com.carbon254.events.catalog.EventType;
import com.carbon254.events.catalog.TopicCatalog;
import com.carbon254.events.catalog.TopicDefinition;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The console without a browser: the AsyncAPI document (public, like the services' OpenAPI documents), pages for a
 * script with {@code Authorization: Bearer}, and problem bodies (not sign-in redirects) for a script without a token.
 */
@QuarkusTest
@QuarkusTestResource(PlatformServicesResource.class)
class ScriptAccessTest {

    @Test
    void theAsyncApiDocumentHasAChannelPerTopicAndAMessagePerEventType() throws Exception {
        String yaml = given().when().get("/asyncapi.yaml").then().statusCode(200)
                .contentType(containsString("application/yaml")).extract().asString();
        JsonNode document = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        assertThat(document.path("asyncapi").asText()).isEqualTo("3.0.0");
        List<String> channels = new ArrayList<>();
        document.path("channels").fieldNames().forEachRemaining(channels::add);
        assertThat(channels).containsAll(TopicCatalog.topics().stream().map(TopicDefinition::name).toList());
        List<String> messages = new ArrayList<>();
        document.path("components").path("messages").fieldNames().forEachRemaining(messages::add);
        assertThat(messages).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(EventType.values()).map(EventType::typeName).toList());
    }

    @Test
    void aScriptReadsPagesWithABearerToken() {
        given().header("Authorization", "Bearer " + TestTokens.forRoles("datasets:read")).accept("text/html")
                .when().get("/catalog").then().statusCode(200).body(containsString("DataIngestion"));
        assertThat(PlatformServicesResource.URLS).containsKey("QUERY_URL");
    }

    @Test
    void aScriptWithoutTokenGetsAProblemNotARedirect() {
        given().redirects().follow(false).when().get("/datasets").then().statusCode(401)
                .contentType(containsString("application/problem+json"));
        given().header("Authorization", "Bearer " + TestTokens.forRoles("datasets:read"))
                .when().get("/dead-letters").then().statusCode(403)
                .contentType(containsString("application/problem+json"));
    }
}
