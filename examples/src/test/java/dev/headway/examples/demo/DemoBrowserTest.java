package dev.headway.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;

import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The demo in a real browser: the server in-process on a free port with a temporary H2 file and simulated work
 * twice as fast as the demo's default, driven by headless Chromium.
 */
class DemoBrowserTest {
  @TempDir
  static Path temp;

  private static DemoServer demo;
  private static ChromeDriver browser;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @RegisterExtension
  final ScreenshotOnFailure screenshots = new ScreenshotOnFailure(() -> browser);

  @BeforeAll
  static void start() throws Exception {
    Chromium.assumeInstalled();
    demo = DemoServer.start(new DemoOptions(0, "jdbc:h2:file:" + temp.resolve("demo").toAbsolutePath(), 2));
    browser = Chromium.start(temp.resolve("profile"), 1280, 900);
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (demo != null) {
      demo.close();
    }
  }

  @BeforeEach
  void freshPageAsAlice() {
    signInAs("alice");
  }

  @Test
  void anArticleRunsTo100PercentAndShowsCompleted() {
    WebElement card = startFromPanel("article");

    waitFor(Duration.ofSeconds(30)).until(ExpectedConditions.attributeToBe(card, "data-status", "completed"));
    assertThat(card.findElement(By.cssSelector(".percent")).getText()).isEqualTo("100%");
    assertThat(card.findElement(By.cssSelector(".status")).getText()).isEqualTo("Completed");
    assertThat(card.findElements(By.cssSelector(".step")))
        .extracting(step -> step.getAttribute("class"))
        .containsExactly("step completed", "step completed", "step completed");
  }

  @Test
  void aReloadMidRunPicksTheJobUpWhereItIs() {
    WebElement card = startFromPanel("article");
    String id = card.getAttribute("data-job-id");
    waitFor(Duration.ofSeconds(15)).until(d -> percentOf(card) > 0);

    browser.navigate().refresh();

    WebElement again = waitFor(Duration.ofSeconds(10)).until(
        ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".card[data-job-id='" + id + "'] .percent")));
    assertThat(again.getText()).isNotEqualTo("0%"); // the state it had, not a fresh start
    waitFor(Duration.ofSeconds(30)).until(ExpectedConditions.attributeToBe(
        By.cssSelector(".card[data-job-id='" + id + "']"), "data-status", "completed"));
  }

  @Test
  void aCancelledCourseShowsCancelled() {
    WebElement card = startFromPanel("course");
    waitFor(Duration.ofSeconds(10)).until(d -> !card.findElements(By.cssSelector(".child.running")).isEmpty());

    // The card re-renders its buttons as events arrive: look the button up anew at each try.
    waitFor(Duration.ofSeconds(5)).until(d -> {
      ((JavascriptExecutor) d).executeScript("arguments[0].click()",
          card.findElement(By.cssSelector("button[data-action='cancel']:not([disabled])")));
      return true;
    });

    waitFor(Duration.ofSeconds(15)).until(ExpectedConditions.attributeToBe(card, "data-status", "cancelled"));
    assertThat(card.findElement(By.cssSelector(".status")).getText()).isEqualTo("Cancelled");
    waitFor(Duration.ofSeconds(10)).until(d -> card.findElements(By.cssSelector(".child")).stream()
        .allMatch(child -> child.getAttribute("class").contains("cancelled")));
    assertThat(card.findElement(By.cssSelector("button[data-action='retry']")).isDisplayed()).isTrue();
  }

  @Test
  void aSecondDocsStartLandsOnTheRunningJob() throws Exception {
    String repository = "acme/e2e-" + UUID.randomUUID().toString().substring(0, 8);
    WebElement repo = browser.findElement(By.cssSelector("form[data-scenario='docs'] input[name='repository']"));
    repo.clear();
    repo.sendKeys(repository);
    WebElement card = startFromPanel("docs");
    String id = card.getAttribute("data-job-id");

    browser.findElement(By.cssSelector("form[data-scenario='docs'] button")).click();

    waitFor(Duration.ofSeconds(5)).until(ExpectedConditions.textToBePresentInElementLocated(
        By.id("notice"), "already running"));
    assertThat(browser.findElements(By.cssSelector(".card[data-job-id]"))).hasSize(1);
    HttpResponse<String> answer = post("docs", "{\"repository\": \"" + repository + "\"}", "alice");
    assertThat(answer.statusCode()).isEqualTo(409);
    assertThat(answer.body()).contains("\"id\":\"" + id + "\"");
  }

  @Test
  void bobCannotSeeAlicesJob() throws Exception {
    WebElement card = startFromPanel("article");
    String id = card.getAttribute("data-job-id");

    signInAs("bob");
    new Select(browser.findElement(By.id("user"))).getFirstSelectedOption(); // the page is bob's now
    assertThat(new Select(browser.findElement(By.id("user"))).getFirstSelectedOption().getText()).isEqualTo("bob");
    waitFor(Duration.ofSeconds(5)).until(ExpectedConditions.visibilityOfElementLocated(By.id("empty")));
    assertThat(browser.findElements(By.cssSelector("[data-job-id='" + id + "']"))).isEmpty();

    browser.get(demo.url() + "progress/jobs/" + id);
    assertThat(browser.findElement(By.tagName("body")).getText()).contains("error").doesNotContain("alice");
    assertThat(get("/progress/jobs/" + id, "bob").statusCode()).isEqualTo(404);
    assertThat(get("/progress/jobs/" + id, "alice").statusCode()).isEqualTo(200);
  }

  @Test
  void anInjectedFailureShowsItsError() {
    new Select(browser.findElement(By.cssSelector("form[data-scenario='article'] select[name='failAt']")))
        .selectByValue("writing");
    WebElement card = startFromPanel("article");

    waitFor(Duration.ofSeconds(30)).until(ExpectedConditions.attributeToBe(card, "data-status", "failed"));
    assertThat(card.findElement(By.cssSelector(".error")).getText()).contains("failure injected by failAt");
    assertThat(card.getText().split("failure injected by failAt", -1)).as("the failure is told once").hasSize(2);
    assertThat(card.findElement(By.cssSelector(".step[data-step='writing']")).getAttribute("class"))
        .isEqualTo("step failed");
    assertThat(card.findElement(By.cssSelector("button[data-action='retry']")).isDisplayed()).isTrue();
  }

  // ---- helpers ----

  /** Opens the demo as this user, with nothing remembered from an earlier test. */
  private static void signInAs(String user) {
    // A page without scripts: the demo page would go on calling the server, and a call without a cookie is given a
    // guest cookie, which could land after the one set here.
    browser.get(demo.url() + "demo.css");
    browser.manage().deleteAllCookies();
    ((JavascriptExecutor) browser).executeScript("localStorage.clear()");
    browser.manage().addCookie(new Cookie("demo_user", user, "/"));
    browser.get(demo.url());
    waitFor(Duration.ofSeconds(5)).until(d -> d.findElement(By.id("user")).getAttribute("value").equals(user));
  }

  /** Presses the scenario's button and returns the card of the job it started. */
  private static WebElement startFromPanel(String scenario) {
    List<WebElement> before = browser.findElements(By.cssSelector(".card[data-job-id]"));
    browser.findElement(By.cssSelector("form[data-scenario='" + scenario + "'] button")).click();
    return waitFor(Duration.ofSeconds(10)).until(d -> d.findElements(By.cssSelector(".card[data-status]")).stream()
        .filter(card -> !before.contains(card)).findFirst().orElse(null));
  }

  private static int percentOf(WebElement card) {
    return Integer.parseInt(card.findElement(By.cssSelector(".percent")).getText().replace("%", ""));
  }

  private static WebDriverWait waitFor(Duration timeout) {
    WebDriverWait wait = new WebDriverWait(browser, timeout, Duration.ofMillis(50));
    wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    return wait;
  }

  private static HttpResponse<String> get(String path, String user) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(demo.url() + path.substring(1)))
        .header("X-Demo-User", user).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(String scenario, String body, String user) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(demo.url() + "demo/jobs/" + scenario))
        .header("X-Demo-User", user).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

}
