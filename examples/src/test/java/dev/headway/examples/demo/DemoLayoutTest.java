package dev.headway.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The demo's layout on a desktop and a phone: nothing floats over a card's buttons wherever they are scrolled to,
 * the sticky header never hides the top of a card or the notice, and the tracker list takes under a third of a
 * phone's screen.
 */
class DemoLayoutTest {
  @TempDir
  Path temp;

  private DemoInBrowser app;
  private DemoServer demo;
  private ChromeDriver browser;

  @RegisterExtension
  final ScreenshotOnFailure screenshots = new ScreenshotOnFailure(() -> browser);

  @AfterEach
  void stop() {
    if (app != null) {
      app.close();
    }
  }

  @ParameterizedTest(name = "{0}x{1}")
  @CsvSource({"1280, 900", "390, 844"})
  void nothingCoversCardsButtonsOrTheNotice(int width, int height) throws Exception {
    app = DemoInBrowser.open(temp, 0.5, width, height, "layout", null);
    demo = app.demo;
    browser = app.browser;
    for (String scenario : List.of("article", "course", "docs", "funnel", "bulk")) {
      click(browser.findElement(By.cssSelector("form[data-scenario='" + scenario + "'] button")));
    }
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15), Duration.ofMillis(50));
    wait.until(d -> d.findElements(By.cssSelector(".card[data-status] button[data-action='cancel']")).size() == 5);
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("tracker")));

    for (WebElement button : browser.findElements(By.cssSelector(".card button"))) {
      for (String where : List.of("start", "end")) {
        js("arguments[0].closest('.card').scrollIntoView({block: '" + where + "'});"
            + "arguments[0].scrollIntoView({block: 'nearest'})", button);
        assertThat(js("const r = arguments[0].getBoundingClientRect();"
            + "return arguments[0].contains(document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2))", button))
            .as("%s is on top, scrolled to the %s", button.getText(), where).isEqualTo(true);
      }
      js("arguments[0].closest('.card').scrollIntoView({block: 'start'})", button);
      assertThat(js("return arguments[0].closest('.card').getBoundingClientRect().top >= "
          + "document.querySelector('.topbar').getBoundingClientRect().bottom", button))
          .as("the card's top is below the header").isEqualTo(true);
    }

    assertThat(js("return document.documentElement.scrollWidth <= window.innerWidth"))
        .as("nothing sticks out sideways").isEqualTo(true);

    // Scrolled down, a second docs start shows the notice in view, below the header.
    js("window.scrollTo(0, document.body.scrollHeight)");
    click(browser.findElement(By.cssSelector("form[data-scenario='docs'] button")));
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), "already running"));
    js("window.scrollTo(0, document.body.scrollHeight)");
    @SuppressWarnings("unchecked")
    Map<String, Object> notice = (Map<String, Object>) js("const n = document.getElementById('notice')"
        + ".getBoundingClientRect(); return {top: n.top, bottom: n.bottom,"
        + " header: document.querySelector('.topbar').getBoundingClientRect().bottom}");
    assertThat(((Number) notice.get("top")).doubleValue()).isGreaterThanOrEqualTo(
        ((Number) notice.get("header")).doubleValue());
    assertThat(((Number) notice.get("bottom")).doubleValue()).isLessThanOrEqualTo(height);

    // The tracker sits in the header; opened, its list takes under a third of the screen on a phone.
    assertThat(js("return document.getElementById('tracker').getBoundingClientRect().bottom <= "
        + "document.querySelector('.topbar').getBoundingClientRect().bottom")).as("the tracker is in the header")
        .isEqualTo(true);
    click(browser.findElement(By.id("tracker-toggle")));
    WebElement list = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("tracker-list")));
    if (width < 560) {
      assertThat(list.getRect().getHeight()).isLessThan(height / 3);
    }
  }

  private void click(WebElement element) {
    js("arguments[0].click()", element);
  }

  private Object js(String script, Object... args) {
    return ((JavascriptExecutor) browser).executeScript(script, args);
  }
}
