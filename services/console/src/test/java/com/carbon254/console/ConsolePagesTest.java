package com.carbon254.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.WebElement;

import com.carbon254.console.testing.Browser;
import com.carbon254.console.testing.PlatformCalls;
import com.carbon254.console.testing.PlatformServicesResource;
import com.carbon254.devstack.testing.TestTokens;
import com.carbon254.events.catalog.EventType;
import com.carbon254.events.catalog.TopicCatalog;
import com.carbon254.events.catalog.TopicDefinition;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Every page of the console in a real browser (Debian's headless Chromium), against the real platform
 * ({@link PlatformServicesResource}), signed in with an administrator's token as an operator would: what each page
 * shows, a screenshot of each under {@code target/screenshots/}, and no JavaScript error anywhere. The tests run in
 * order in one browser session (signed in once).
 */
@QuarkusTest
@QuarkusTestResource(PlatformServicesResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsolePagesTest {

    static final String OPERATOR = "console-operator";
    static final String ADMIN_TOKEN = TestTokens.forSubject(OPERATOR, "platform:admin");
    static final Duration PATIENCE = Duration.ofSeconds(90);

    @TestHTTPResource("/")
    URL root;

    static Browser browser;
    static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void noBrowserYet() {
        browser = null;
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    private Browser browser() throws Exception {
        if (browser == null) {
            browser = Browser.open(root.toString().replaceAll("/$", ""));
        }
        return browser;
    }

    @Test
    @Order(1)
    void aBrowserWithoutTokenSignsInWithOne() throws Exception {
        Browser b = browser();
        b.go("/datasets");
        assertThat(b.path()).isEqualTo("/login");
        b.find("#token").sendKeys("not-a-token");
        b.follow("#sign-in");
        assertThat(b.text("[role=alert]")).contains("not valid");
        b.screenshot("login");
        b.find("#token").sendKeys(ADMIN_TOKEN);
        b.follow("#sign-in");
        assertThat(b.path()).isEqualTo("/datasets");
        assertThat(b.text(".user")).isEqualTo(OPERATOR);
        assertThat(b.driver().manage().getCookieNamed("carbon254-console-token"))
                .satisfies(cookie -> assertThat(cookie.isHttpOnly() && cookie.isSecure()).isTrue());
        // The refused sign-in's 401 is on the browser console: drain it (it may be reported a moment later), so that
        // the next page's check for errors does not see it.
        await().atMost(Duration.ofSeconds(10)).until(() -> b.driver().manage().logs()
                .get(org.openqa.selenium.logging.LogType.BROWSER).getAll().stream()
                .anyMatch(entry -> entry.getMessage().contains("401")));
    }

    @Test
    @Order(2)
    void overviewNamesEveryTopicWithTheLagOfItsGroupsLive() throws Exception {
        PlatformCalls.createDataset("overview." + RUN, "ops");
        Browser b = browser();
        b.go("/");
        for (TopicDefinition topic : TopicCatalog.topics()) {
            assertThat(b.findAll("tr[data-topic='" + topic.name() + "']")).as(topic.name()).hasSize(1);
        }
        // The projector's groups commit on data-events once it has projected the new dataset: the page shows their lag
        // without a reload (server-sent events).
        await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> assertThat(
                b.findAll("tr[data-topic='data-events'] li[data-group='projector-datasets']")).hasSize(1));
        assertThat(b.text("tr[data-topic='data-events'] li[data-group='projector-datasets'] strong")).matches("\\d+");
        assertThat(b.text("#services header")).contains("4 of 4 ready");
        await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> {
            assertThat(b.text("[data-job='flink-aggregator'] .flink-state")).isEqualTo("RUNNING");
            assertThat(b.text("[data-job='flink-aggregator'] .flink-checkpoint")).startsWith("#");
        });
        b.screenshot("overview");
        b.assertNoJavaScriptErrors();
    }

    @Test
    @Order(3)
    void aNewDatasetIsFoundAndItsHistoryShown() throws Exception {
        String name = "sales.orders_" + RUN;
        String id = PlatformCalls.createDataset(name, "sales");
        PlatformCalls.deprecate(id, name, "sales");
        Browser b = browser();
        await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> {
            b.go("/datasets?q=" + name);
            assertThat(b.findAll("tr.dataset[data-id='" + id + "'] a")).hasSize(1);
        });
        assertThat(b.findAll("#facets [data-facet='owner'] li")).isNotEmpty();
        b.screenshot("datasets");
        b.assertNoJavaScriptErrors();

        b.follow("tr.dataset[data-id='" + id + "'] a");
        assertThat(b.path()).isEqualTo("/datasets/" + id);
        await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> {
            b.go("/datasets/" + id);
            assertThat(b.findAll("li.history-event")).extracting(e -> e.getAttribute("data-version"))
                    .containsExactly("1", "2");
        });
        assertThat(b.text("h1")).contains(name).contains("DEPRECATED");
        assertThat(b.text("#history")).contains("DatasetCreated").contains("DatasetUpdated");
        b.screenshot("dataset");
        b.assertNoJavaScriptErrors();

        // The state as of the first event: version 1, still ACTIVE.
        b.follow("li.history-event[data-version='1'] a");
        assertThat(b.text("h1")).doesNotContain("DEPRECATED");
        assertThat(b.text("p.muted")).contains("version 1").contains("as of");
        b.assertNoJavaScriptErrors();
    }

    @Test
    @Order(4)
    void lineageIsAPicture() throws Exception {
        String target = "finance.revenue_" + RUN;
        for (String source : List.of("sales.orders_" + RUN, "sales.refunds_" + RUN)) {
            PlatformCalls.publish("DataLineage", Map.of("source", "etl", "sourceDataset", source, "targetDataset", target,
                    "operation", "ADD", "jobName", "daily_revenue", "metadata", Map.of()));
        }
        Browser b = browser();
        await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> {
            b.go("/lineage/" + target);
            assertThat(b.findAll("svg.lineage g.node")).extracting(e -> e.getAttribute("data-name"))
                    .contains(target, "sales.orders_" + RUN, "sales.refunds_" + RUN);
        });
        assertThat(b.findAll("svg.lineage g.edge")).hasSize(2);
        b.screenshot("lineage");
        b.assertNoJavaScriptErrors();
    }

    @Test
    @Order(5)
    void servicesShowReportedHealthAndATimeline() throws Exception {
        String service = "billing-api-" + RUN;
        for (String status : List.of("HEALTHY", "DEGRADED")) {
            PlatformCalls.publish("ServiceHealth", Map.of("source", "prober", "serviceName", service,
                    "namespace", "prod", "healthStatus", status, "latencyMs", 120, "errorRate", 0.02));
        }
        Browser b = browser();
        await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> {
            b.go("/services");
            assertThat(b.text("tr.reported-service[data-service='" + service + "']")).contains("DEGRADED");
        });
        assertThat(b.findAll("#platform-services .badge.up")).hasSize(4);
        b.screenshot("services");
        b.assertNoJavaScriptErrors();
        b.follow("tr.reported-service[data-service='" + service + "'] a");
        assertThat(b.findAll("li.timeline-entry[data-kind='HEALTH_TRANSITION']")).isNotEmpty();
        b.screenshot("service-timeline");
        b.assertNoJavaScriptErrors();
    }

    @Test
    @Order(6)
    void ingestionChartsTheFlinkWindowsOfADataset() throws Exception {
        String dataset = "ingested_" + RUN;
        Instant now = Instant.now();
        Instant lastWindow = now.truncatedTo(ChronoUnit.MINUTES)
                .minus(now.atZone(java.time.ZoneOffset.UTC).getMinute() % 5, ChronoUnit.MINUTES).minus(Duration.ofMinutes(5));
        for (int i = 1; i <= 3; i++) {
            PlatformCalls.ingest(dataset, lastWindow.plus(Duration.ofMinutes(i)), 100);
        }
        PlatformCalls.qualityCheck(dataset, lastWindow.plus(Duration.ofMinutes(1)), "not-null-id", true);
        PlatformCalls.qualityCheck(dataset, lastWindow.plus(Duration.ofMinutes(2)), "unique-key", false);
        Browser b = browser();
        await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> {
            // A current event moves the watermark past the window's end (the test job idles silent partitions fast).
            PlatformCalls.ingest(dataset, Instant.now(), 1);
            PlatformCalls.qualityCheck(dataset, Instant.now(), "not-null-id", true);
            b.go("/ingestion?dataset=" + dataset + "&hours=1");
            // two ingestion charts and the pass-rate chart, each with a bar for the window
            assertThat(b.findAll("svg.chart rect.window[data-start='" + lastWindow + "']")).hasSize(3);
        });
        assertThat(b.text("#windows")).contains("300");
        assertThat(b.findAll("#quality svg.chart rect.window[data-start='" + lastWindow + "'][data-value='50']"))
                .hasSize(1);
        assertThat(b.text("#quality")).contains("50 %").contains("unique-key");
        b.screenshot("ingestion");
        b.assertNoJavaScriptErrors();
    }

    @Test
    @Order(7)
    void auditShowsTheCallsAndAVerifiedChain() throws Exception {
        Browser b = browser();
        await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> {
            b.go("/audit?actor=" + OPERATOR);
            assertThat(b.findAll("tr.audit-entry")).isNotEmpty();
            assertThat(b.text("#chain-status")).isEqualTo("VALID");
        });
        assertThat(b.findAll("tr.audit-entry")).allSatisfy(row -> assertThat(row.getText()).contains(OPERATOR));
        b.screenshot("audit");
        b.assertNoJavaScriptErrors();
    }

    @Test
    @Order(8)
    void deadLettersAreInspectedAndRedrivenAfterAConfirmation() throws Exception {
        String key = "poison-" + RUN;
        PlatformCalls.poison(TopicCatalog.DATA_EVENTS.name(), key);
        Browser b = browser();
        await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> {
            b.go("/dead-letters?topic=data-events&redriven=false");
            assertThat(b.findAll("tr.dead-letter")).anySatisfy(row -> assertThat(row.getText()).contains(key));
        });
        WebElement row = b.findAll("tr.dead-letter").stream().filter(r -> r.getText().contains(key)).findFirst()
                .orElseThrow();
        String position = row.getAttribute("data-position");
        row.findElement(org.openqa.selenium.By.cssSelector("details summary")).click();
        assertThat(row.findElement(org.openqa.selenium.By.cssSelector("details")).getText())
                .contains("dead-letter-reason").contains("not an event");
        b.screenshot("dead-letters");
        b.assertNoJavaScriptErrors();

        row.findElement(org.openqa.selenium.By.cssSelector("input[name=record]")).click();
        b.find("#redrive-selected").click();
        assertThat(b.text("#confirm")).contains("Re-drive 1 dead letter").contains(position);
        b.screenshot("dead-letters-confirm");
        b.find("#confirm-redrive").click();
        assertThat(b.findAll("tr.redriven")).hasSize(1);
        assertThat(b.text("tr.redriven")).contains(position).contains("data-events/");
        b.screenshot("dead-letters-redriven");
        b.assertNoJavaScriptErrors();
    }

    @Test
    @Order(9)
    void aRebuildShowsItsProgressUntilItCompletes() throws Exception {
        Browser b = browser();
        b.go("/rebuild");
        List<String> offered = new ArrayList<>();
        b.findAll("#read-model option").forEach(o -> offered.add(o.getAttribute("value")));
        assertThat(offered).containsExactly("datasets", "ingestion-stats", "quality", "lineage", "service-health",
                "audit-trail");
        b.find("#read-model option[value='lineage']").click();
        b.find("#start-rebuild").click();
        await().atMost(PATIENCE).until(() -> b.path().startsWith("/rebuild/lineage/"));
        assertThat(b.text("#rebuild-read-model")).isEqualTo("lineage");
        await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> {
            assertThat(b.text("#rebuild-state")).isEqualTo("COMPLETED");
            assertThat(b.find("#rebuild-progress").getAttribute("value")).isEqualTo("100");
        });
        b.screenshot("rebuild");
        b.assertNoJavaScriptErrors();
    }

    @Test
    @Order(10)
    void theCatalogListsEveryEventType() throws Exception {
        Browser b = browser();
        b.go("/catalog");
        List<String> shown = new ArrayList<>();
        b.findAll("article.event-type").forEach(e -> shown.add(e.getAttribute("id")));
        assertThat(shown).containsExactlyElementsOf(
                java.util.Arrays.stream(EventType.values()).map(t -> "type-" + t.typeName()).toList());
        assertThat(b.text("#type-DataIngestion")).contains("data-ingestion").contains("datasetName")
                .contains("versions registered: 1");
        assertThat(b.text("#global-compatibility")).isEqualTo("BACKWARD_TRANSITIVE");
        b.screenshot("catalog");
        b.assertNoJavaScriptErrors();
    }

    @Test
    @Order(11)
    void aReaderSeesTheCatalogButNotTheAuditorsPages() throws Exception {
        Browser b = browser();
        b.follow("form.signout button");
        assertThat(b.path()).isEqualTo("/login");
        b.find("#token").sendKeys(TestTokens.forSubject("reader", "datasets:read"));
        b.follow("#sign-in");
        assertThat(b.findAll("a[href='/dead-letters']")).isEmpty();
        b.go("/dead-letters");
        assertThat(b.text("h1")).contains("403");
        b.screenshot("forbidden");
        b.driver().manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER); // the page's own 403
    }
}
