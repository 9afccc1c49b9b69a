package com.carbon254.console.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium, driven through Debian's chromedriver (both named explicitly: nothing is downloaded),
 * with the browser console recorded so that a test can assert that a page raised no JavaScript error, and a
 * screenshot of each page kept under {@code target/screenshots/}.
 */
public final class Browser implements AutoCloseable {

    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    private final ChromeDriver driver;
    private final String base;
    private final Path screenshots;
    private final Path profile;

    private Browser(ChromeDriver driver, String base, Path screenshots, Path profile) {
        this.driver = driver;
        this.base = base;
        this.screenshots = screenshots;
        this.profile = profile;
    }

    /** A new browser for pages under {@code base} (no trailing slash). */
    public static Browser open(String base) throws IOException {
        assertThat(Path.of(CHROMIUM)).as("Debian's chromium (apt-get install chromium chromium-driver)").exists();
        assertThat(Path.of(CHROMEDRIVER)).as("Debian's chromedriver (apt-get install chromium-driver)").exists();
        Path profile = Files.createTempDirectory("console-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,1000", "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        // Pages update in place (htmx swaps, server-sent events): an element a click brings is looked for until it is
        // there, rather than at the instant after the click.
        driver.manage().timeouts().implicitlyWait(Duration.ofSeconds(10));
        Path screenshots = Path.of(System.getProperty("screenshots.directory", "target/screenshots"));
        Files.createDirectories(screenshots);
        return new Browser(driver, base, screenshots, profile);
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** Opens a page of the console (a path such as {@code /datasets?q=x}). */
    public void go(String path) {
        driver.get(base + path);
    }

    public WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    /**
     * Clicks a link or submit button that loads another page and waits until the browser has left this one: a click
     * returns before the navigation, so reading the address or the page right after it could still see the old page.
     */
    public void follow(String css) {
        WebElement page = driver.findElement(By.tagName("html"));
        find(css).click();
        new WebDriverWait(driver, Duration.ofSeconds(60)).until(ExpectedConditions.stalenessOf(page));
    }

    public List<WebElement> findAll(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    public String text(String css) {
        return find(css).getText();
    }

    public String path() {
        return java.net.URI.create(driver.getCurrentUrl()).getPath();
    }

    /** Keeps a screenshot of what the browser shows as {@code <name>.png}. */
    public Path screenshot(String name) throws IOException {
        Path file = screenshots.resolve(name + ".png");
        Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), file, StandardCopyOption.REPLACE_EXISTING);
        return file;
    }

    /** Fails if the browser logged an error since the last call (uncaught exception, failed asset, console.error). */
    public void assertNoJavaScriptErrors() {
        List<String> errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::toString)
                .toList();
        assertThat(errors).as("JavaScript errors on %s", driver.getCurrentUrl()).isEmpty();
    }

    @Override
    public void close() {
        driver.quit();
        com.carbon254.devstack.EmbeddedStack.deleteRecursively(profile);
    }
}
