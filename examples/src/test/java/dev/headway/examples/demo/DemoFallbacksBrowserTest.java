package dev.headway.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The paths a default browser does not take: a notification when a watched job ends while the page is hidden (the
 * Notification API and the page's visibility stood in for), and long-polling where there is no EventSource.
 */
class DemoFallbacksBrowserTest {
  /** A Notification that records what it was asked to show, already allowed; a page that says it is hidden. */
  private static final String HIDDEN_WITH_NOTIFICATIONS = """
      window.__notified = [];
      window.Notification = class {
        static permission = 'granted';
        static requestPermission() { return Promise.resolve('granted'); }
        constructor(title, options) { window.__notified.push({ title, body: options && options.body, tag: options && options.tag }); }
      };
      window.__hidden = false;
      Object.defineProperty(Document.prototype, 'visibilityState',
        { get() { return window.__hidden ? 'hidden' : 'visible'; }, configurable: true });
      """;

  @TempDir
  Path temp;

  private DemoInBrowser app;
  private DemoServer demo;
  private ChromeDriver browser;

  @RegisterExtension
  final ScreenshotOnFailure screenshots = new ScreenshotOnFailure(() -> browser);

  private void open(String script) throws Exception {
    app = DemoInBrowser.open(temp, 4, 1280, 900, "fallbacks", script);
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
  void aJobThatEndsWhileThePageIsHiddenIsNotified() throws Exception {
    open(HIDDEN_WITH_NOTIFICATIONS);
    WebElement card = startFromPanel("article");
    js("window.__hidden = true");

    waitFor(Duration.ofSeconds(30)).until(ExpectedConditions.attributeToBe(card, "data-status", "completed"));
    List<?> notified = (List<?>) waitFor(Duration.ofSeconds(5))
        .until(d -> js("return window.__notified.length ? window.__notified : null"));
    assertThat(notified).hasSize(1);
    assertThat(((Map<?, ?>) notified.get(0)).get("title")).isEqualTo("Solar power at home is done");
    assertThat(((Map<?, ?>) notified.get(0)).get("tag")).isEqualTo("headway:" + card.getAttribute("data-job-id"));

    js("window.__hidden = false"); // looking at the page: no notification
    WebElement second = startFromPanel("article");
    waitFor(Duration.ofSeconds(30)).until(ExpectedConditions.attributeToBe(second, "data-status", "completed"));
    assertThat((List<?>) js("return window.__notified")).hasSize(1);
    assertThat(PageErrors.of(browser)).isEmpty();
  }

  @Test
  void withoutEventSourceTheLeaderLongPolls() throws Exception {
    open("delete window.EventSource;");
    WebElement card = startFromPanel("course");
    waitFor(Duration.ofSeconds(10)).until(d -> !card.findElements(By.cssSelector(".child.running")).isEmpty());
    assertThat(demo.openStreams()).isZero();

    WebElement article = startFromPanel("article");
    waitFor(Duration.ofSeconds(30)).until(ExpectedConditions.attributeToBe(article, "data-status", "completed"));
    waitFor(Duration.ofSeconds(30)).until(ExpectedConditions.attributeToBe(card, "data-status", "completed"));
    assertThat(PageErrors.of(browser)).isEmpty();
  }

  private WebElement startFromPanel(String scenario) {
    List<WebElement> before = browser.findElements(By.cssSelector(".card[data-job-id]"));
    // A script click: a card scrolling smoothly into view must not move the button under the pointer.
    ((JavascriptExecutor) browser).executeScript("arguments[0].click()",
        browser.findElement(By.cssSelector("form[data-scenario='" + scenario + "'] button")));
    return waitFor(Duration.ofSeconds(10)).until(d -> d.findElements(By.cssSelector(".card[data-status]")).stream()
        .filter(card -> !before.contains(card)).findFirst().orElse(null));
  }

  private Object js(String script) {
    return ((JavascriptExecutor) browser).executeScript(script);
  }

  private WebDriverWait waitFor(Duration timeout) {
    WebDriverWait wait = new WebDriverWait(browser, timeout, Duration.ofMillis(50));
    wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    return wait;
  }
}
