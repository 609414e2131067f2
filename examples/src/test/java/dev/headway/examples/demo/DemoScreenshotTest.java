package dev.headway.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Takes the README's pictures of the demo mid-run, on a desktop ({@code demo.png}) and a phone
 * ({@code demo-phone.png}). Writes them to {@code target/}, or to the folder named by
 * {@code -Dheadway.screenshots=...}: {@code mvn -pl examples -am test -Dtest=DemoScreenshotTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dheadway.screenshots=$PWD/docs}.
 */
class DemoScreenshotTest {
  @TempDir
  Path temp;

  @Test
  void desktopMidRun() throws Exception {
    shoot("desktop", 1280, 1100, "demo.png");
  }

  @Test
  void phoneMidRun() throws Exception {
    shoot("phone", 390, 844, "demo-phone.png");
  }

  private void shoot(String name, int width, int height, String file) throws Exception {
    Chromium.assumeInstalled();
    Path out = Path.of(System.getProperty("headway.screenshots", "target")).resolve(file);
    try (DemoServer demo = DemoServer.start(new DemoOptions(0, "jdbc:h2:file:" + temp.resolve(name), 1.5))) {
      ChromeDriver browser = Chromium.start(temp.resolve("profile-" + name), width, height);
      try {
        browser.get(demo.url() + "demo.css"); // no script running while the cookie is set
        browser.manage().addCookie(new Cookie("demo_user", "alice", "/"));
        browser.get(demo.url());
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30), Duration.ofMillis(50));

        new Select(browser.findElement(By.cssSelector("form[data-scenario='bulk'] select"))).selectByValue("3");
        for (String scenario : new String[] {"bulk", "funnel", "article"}) {
          ((JavascriptExecutor) browser).executeScript("arguments[0].click()",
              browser.findElement(By.cssSelector("form[data-scenario='" + scenario + "'] button")));
        }
        wait.until(d -> d.findElements(By.cssSelector(".card[data-status]")).size() == 3);
        // Mid-run: a few funnel steps done (links), the article into writing, some bulk rows finished or failed.
        wait.until(d -> d.findElements(By.cssSelector(".card.funnel, .card.running")).size() > 0
            && d.findElements(By.cssSelector(".step.completed a")).size() >= 2
            && !d.findElements(By.cssSelector(".child.failed")).isEmpty());
        if (width < 860) { // one column: show the jobs, under the header, rather than the start forms
          ((JavascriptExecutor) browser).executeScript(
              "document.getElementById('jobs-title').scrollIntoView({block: 'start'})");
        }

        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.write(out, browser.getScreenshotAs(OutputType.BYTES));
        assertThat(out).isNotEmptyFile();
      } finally {
        browser.quit();
      }
    }
  }
}
