package dev.headway.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Retry, the step log and the history numbers in a real browser: a failed article is retried as attempt 2, which
 * reuses its completed research instead of running it again, and the page's numbers count both; a step opens to its
 * log lines, which grow live while it runs.
 */
class DemoRetryBrowserTest {
  @TempDir
  Path temp;

  private DemoInBrowser app;
  private ChromeDriver browser;

  @RegisterExtension
  final ScreenshotOnFailure screenshots = new ScreenshotOnFailure(() -> browser);

  @BeforeEach
  void open() throws Exception {
    app = DemoInBrowser.open(temp, 4, 1280, 900, "retrier", null);
    browser = app.browser;
  }

  @AfterEach
  void stop() {
    if (app != null) {
      app.close();
    }
  }

  @Test
  void aRetryReusesTheCompletedStepsAndFinishes() {
    new Select(browser.findElement(By.cssSelector("form[data-scenario='article'] select[name='failAt']")))
        .selectByValue("writing");
    WebElement failed = startFromPanel("article");
    String failedId = failed.getAttribute("data-job-id");
    waitFor(Duration.ofSeconds(30)).until(ExpectedConditions.attributeToBe(failed, "data-status", "failed"));

    click(failed, "button[data-action='retry']");

    WebElement attempt = waitFor(Duration.ofSeconds(10)).until(d -> d.findElements(By.cssSelector(".card[data-status]"))
        .stream().filter(card -> !failedId.equals(card.getAttribute("data-job-id"))).findFirst().orElse(null));
    assertThat(browser.findElements(By.cssSelector(".card[data-job-id='" + failedId + "']")))
        .as("the attempt takes the failed card's place").isEmpty();
    assertThat(attempt.findElement(By.cssSelector(".kind")).getAttribute("textContent"))
        .isEqualTo("Article · attempt 2");
    WebElement research = attempt.findElement(By.cssSelector(".step[data-step='research']"));
    assertThat(research.getAttribute("class")).contains("completed", "carried");
    assertThat(research.findElement(By.cssSelector(".step-detail")).getText()).isEqualTo("reused from attempt 1");
    waitFor(Duration.ofSeconds(30)).until(ExpectedConditions.attributeToBe(attempt, "data-status", "completed"));
    assertThat(attempt.findElement(By.cssSelector(".step[data-step='writing']")).getAttribute("class"))
        .isEqualTo("step completed");
    waitFor(Duration.ofSeconds(10)).until(ExpectedConditions.textToBePresentInElementLocated(
        By.id("history-summary"), "2 ended: 1 completed, 1 failed (50%), 0 cancelled"));
    assertThat(browser.findElement(By.id("history-steps")).getText()).contains("writing").contains("1 failed");
    assertThat(PageErrors.of(browser)).isEmpty();
  }

  @Test
  void aStepOpensToItsLogWhichGrowsLive() {
    WebElement card = startFromPanel("article");
    waitFor(Duration.ofSeconds(15)).until(d -> card.findElement(By.cssSelector(".step[data-step='writing']"))
        .getAttribute("class").contains("running"));

    click(card, ".step[data-step='writing'] .step-name");

    waitFor(Duration.ofSeconds(10)).until(d -> lines(card, "writing").size() >= 1);
    int before = lines(card, "writing").size();
    waitFor(Duration.ofSeconds(15)).until(d -> lines(card, "writing").size() > before);
    List<String> writing = lines(card, "writing");
    assertThat(writing.get(0)).contains("Drafted section 1");
    assertThat(writing).allSatisfy(line -> assertThat(line).doesNotContain("Read source"));
    assertThat(card.findElements(By.cssSelector(".step[data-step='research'] .log"))).as("closed").isEmpty();

    click(card, ".step[data-step='research'] .step-name");
    waitFor(Duration.ofSeconds(10)).until(d -> lines(card, "research").size() == 6);
    assertThat(lines(card, "research").get(5)).contains("Read source 6");
    waitFor(Duration.ofSeconds(30)).until(ExpectedConditions.attributeToBe(card, "data-status", "completed"));
    assertThat(lines(card, "writing")).as("every line once, none lost").hasSize(10);
    assertThat(PageErrors.of(browser)).isEmpty();
  }

  /** The step's shown lines, read in one script: the card re-renders as lines arrive. */
  private List<String> lines(WebElement card, String step) {
    List<?> texts = (List<?>) ((JavascriptExecutor) browser).executeScript(
        "return [...arguments[0].querySelectorAll(arguments[1])].map((line) => line.textContent.trim())", card,
        ".step[data-step='" + step + "'] .log-line:not(.empty)");
    return texts.stream().map(String::valueOf).toList();
  }

  /** Clicks through a script: the card re-renders as events arrive, so the element is looked up at each try. */
  private void click(WebElement card, String selector) {
    waitFor(Duration.ofSeconds(5)).until(d -> {
      ((JavascriptExecutor) d).executeScript("arguments[0].click()", card.findElement(By.cssSelector(selector)));
      return true;
    });
  }

  private WebElement startFromPanel(String scenario) {
    List<WebElement> before = browser.findElements(By.cssSelector(".card[data-job-id]"));
    browser.findElement(By.cssSelector("form[data-scenario='" + scenario + "'] button")).click();
    return waitFor(Duration.ofSeconds(10)).until(d -> d.findElements(By.cssSelector(".card[data-status]")).stream()
        .filter(card -> !before.contains(card)).findFirst().orElse(null));
  }

  private WebDriverWait waitFor(Duration timeout) {
    WebDriverWait wait = new WebDriverWait(browser, timeout, Duration.ofMillis(50));
    wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    return wait;
  }
}
