package dev.headway.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One browser, several tabs, many jobs: every tab's watches go through one connection (the server counts its open
 * streams), an eleventh job starts at once beside ten running ones, a tab sees the end of a job another tab watches,
 * the leader tab can close, reloads never meet a 429, and no page ever raises an error.
 */
class DemoTabsBrowserTest {
  @TempDir
  Path temp;

  private DemoInBrowser app;
  private DemoServer demo;
  private ChromeDriver browser;

  @RegisterExtension
  final ScreenshotOnFailure screenshots = new ScreenshotOnFailure(() -> browser);

  private void start(double speed) throws Exception {
    app = DemoInBrowser.open(temp, speed, 1280, 900, "tabs-" + UUID.randomUUID().toString().substring(0, 8), null);
    demo = app.demo;
    browser = app.browser;
  }

  @AfterEach
  void stop() {
    if (app != null) {
      app.close();
    }
  }

  @Test
  void anEleventhJobStartsAtOnceBesideTenRunningAndThreeTabsShareOneStream() throws Exception {
    start(0.5); // an article takes about 20 s: all ten are still running when the eleventh starts
    for (int i = 0; i < 10; i++) {
      startFromPanel("article");
    }
    waitFor(Duration.ofSeconds(10)).until(d -> demo.openStreams() == 1);

    long began = System.nanoTime();
    WebElement eleventh = startFromPanel("article");
    long millis = (System.nanoTime() - began) / 1_000_000;

    assertThat(millis).as("the 11th job's card shows its state after %d ms", millis).isLessThan(1000);
    assertThat(browser.findElements(By.cssSelector(".card[data-status='running'], .card[data-status='queued']")))
        .hasSizeGreaterThanOrEqualTo(10);
    assertThat(eleventh.getAttribute("data-status")).isIn("queued", "running");
    waitFor(Duration.ofSeconds(10)).until(d -> demo.openStreams() == 1);
    assertThat(PageErrors.of(browser)).isEmpty();

    // Two more tabs show the same eleven jobs: still one stream for the browser.
    for (int tab = 2; tab <= 3; tab++) {
      browser.switchTo().newWindow(WindowType.TAB);
      PageErrors.install(browser);
      browser.get(demo.url());
      waitFor(Duration.ofSeconds(15)).until(d -> d.findElements(By.cssSelector(".card[data-status]")).size() >= 11);
      assertThat(PageErrors.of(browser)).isEmpty();
    }
    waitFor(Duration.ofSeconds(10)).until(d -> demo.openStreams() == 1);
  }

  @Test
  void aTabSeesTheEndOfAJobStartedInAnotherTabAndTheLeaderCanLeave() throws Exception {
    start(1);
    String first = browser.getWindowHandle();
    browser.switchTo().newWindow(WindowType.TAB);
    PageErrors.install(browser);
    browser.get(demo.url());
    String second = browser.getWindowHandle();

    WebElement card = startFromPanel("course"); // started in the second tab
    String id = card.getAttribute("data-job-id");
    waitFor(Duration.ofSeconds(10)).until(d -> !card.findElements(By.cssSelector(".child.running")).isEmpty());

    browser.switchTo().window(first);
    By inFirst = By.cssSelector(".card[data-job-id='" + id + "']");
    waitFor(Duration.ofSeconds(10)).until(ExpectedConditions.attributeToBe(inFirst, "data-status", "running"));
    cancel(id);
    waitFor(Duration.ofSeconds(15)).until(ExpectedConditions.attributeToBe(inFirst, "data-status", "cancelled"));
    assertThat(PageErrors.of(browser)).isEmpty();

    browser.switchTo().window(second);
    waitFor(Duration.ofSeconds(10)).until(ExpectedConditions.attributeToBe(
        By.cssSelector(".card[data-job-id='" + id + "']"), "data-status", "cancelled"));
    assertThat(demo.openStreams()).isEqualTo(1);

    // The first tab, which connected first and so leads, closes: the second takes over and still sees everything.
    browser.switchTo().window(first);
    browser.close();
    browser.switchTo().window(second);
    WebElement article = startFromPanel("article");
    waitFor(Duration.ofSeconds(30)).until(ExpectedConditions.attributeToBe(article, "data-status", "completed"));
    waitFor(Duration.ofSeconds(10)).until(d -> demo.openStreams() == 1);
    assertThat(PageErrors.of(browser)).isEmpty();
  }

  @Test
  void everyScenarioInTwoTabsWithoutAPageError() throws Exception {
    start(3);
    String first = browser.getWindowHandle();
    browser.switchTo().newWindow(WindowType.TAB);
    PageErrors.install(browser);
    browser.get(demo.url());
    String second = browser.getWindowHandle();

    browser.switchTo().window(first);
    List<WebElement> started = new ArrayList<>();
    started.add(startFromPanel("article"));
    new Select(browser.findElement(By.cssSelector("form[data-scenario='article'] select[name='failAt']")))
        .selectByValue("research");
    started.add(startFromPanel("article"));
    started.add(startFromPanel("bulk"));
    started.add(startFromPanel("funnel"));
    started.add(startFromPanel("docs"));
    ((JavascriptExecutor) browser).executeScript("arguments[0].click()", // joins the running one
        browser.findElement(By.cssSelector("form[data-scenario='docs'] button")));
    waitFor(Duration.ofSeconds(5)).until(ExpectedConditions.textToBePresentInElementLocated(
        By.id("notice"), "already running"));
    WebElement course = startFromPanel("course");
    waitFor(Duration.ofSeconds(10)).until(d -> !course.findElements(By.cssSelector(".child.running")).isEmpty());
    cancel(course.getAttribute("data-job-id"));

    List<String> ids = started.stream().map(card -> card.getAttribute("data-job-id")).toList();
    waitFor(Duration.ofSeconds(60)).until(d -> started.stream()
        .allMatch(card -> List.of("completed", "failed").contains(card.getAttribute("data-status"))));
    waitFor(Duration.ofSeconds(15)).until(ExpectedConditions.attributeToBe(course, "data-status", "cancelled"));
    assertThat(PageErrors.of(browser)).isEmpty();

    browser.switchTo().window(second); // saw every job through the first tab's connection, to its end
    for (String id : ids) {
      By card = By.cssSelector(".card[data-job-id='" + id + "']");
      waitFor(Duration.ofSeconds(10)).until(d -> List.of("completed", "failed")
          .contains(d.findElement(card).getAttribute("data-status")));
    }
    browser.navigate().refresh();
    waitFor(Duration.ofSeconds(10)).until(d -> d.findElements(By.cssSelector(".card[data-status]")).size() >= 6);
    waitFor(Duration.ofSeconds(10)).until(d -> demo.openStreams() <= 1);
    assertThat(PageErrors.of(browser)).isEmpty();
    browser.switchTo().window(first);
    assertThat(PageErrors.of(browser)).isEmpty();
  }

  @Test
  void twentyFiveReloadsNeverMeetA429() throws Exception {
    start(0.2); // an article takes about 45 s: still running after the reloads, however slow the machine
    WebElement card = startFromPanel("article");
    String id = card.getAttribute("data-job-id");
    By again = By.cssSelector(".card[data-job-id='" + id + "'][data-status]");
    for (int i = 0; i < 25; i++) {
      browser.navigate().refresh();
      waitFor(Duration.ofSeconds(10)).until(ExpectedConditions.presenceOfElementLocated(again));
      waitFor(Duration.ofSeconds(10)).until(d -> demo.openStreams() == 1);
      assertThat(PageErrors.of(browser)).as("after reload %d", i + 1).isEmpty();
    }
    assertThat(browser.findElement(again).getAttribute("data-status")).isIn("queued", "running");
  }

  // ---- helpers ----

  /** Presses the scenario's button and returns the card of the job it started, once it shows a state. */
  private WebElement startFromPanel(String scenario) {
    List<WebElement> before = browser.findElements(By.cssSelector(".card[data-job-id]"));
    // A script click: a card scrolling smoothly into view must not move the button under the pointer.
    ((JavascriptExecutor) browser).executeScript("arguments[0].click()",
        browser.findElement(By.cssSelector("form[data-scenario='" + scenario + "'] button")));
    return waitFor(Duration.ofSeconds(10)).until(d -> d.findElements(By.cssSelector(".card[data-status]")).stream()
        .filter(card -> !before.contains(card)).findFirst().orElse(null));
  }

  /** Presses the card's Cancel button; the card re-renders its buttons as events arrive, so it is looked up anew. */
  private void cancel(String id) {
    By button = By.cssSelector(".card[data-job-id='" + id + "'] button[data-action='cancel']:not([disabled])");
    waitFor(Duration.ofSeconds(5)).until(d -> {
      ((JavascriptExecutor) d).executeScript("arguments[0].click()", d.findElement(button));
      return true;
    });
  }

  private WebDriverWait waitFor(Duration timeout) {
    WebDriverWait wait = new WebDriverWait(browser, timeout, Duration.ofMillis(20));
    wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    wait.ignoring(org.openqa.selenium.NoSuchElementException.class);
    return wait;
  }
}
