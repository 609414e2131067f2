package dev.headway.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Takes the README's picture of the demo mid-run. Writes {@code target/demo.png}, or the file named by
 * {@code -Dheadway.screenshot=...}: {@code mvn -pl examples test -Dtest=DemoScreenshotTest
 * -Dheadway.screenshot=../docs/demo.png}.
 */
class DemoScreenshotTest {
  @TempDir
  Path temp;

  @Test
  void demoMidRun() throws Exception {
    Chromium.assumeInstalled();
    Path out = Path.of(System.getProperty("headway.screenshot", "target/demo.png"));
    try (DemoServer demo = DemoServer.start(new DemoOptions(0, "jdbc:h2:file:" + temp.resolve("db"), 1.5))) {
      ChromeDriver browser = Chromium.start(temp.resolve("profile"), 1280, 1100);
      try {
        browser.get(demo.url());
        browser.manage().addCookie(new Cookie("demo_user", "alice", "/"));
        browser.get(demo.url());
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30), Duration.ofMillis(50));

        new Select(browser.findElement(By.cssSelector("form[data-scenario='bulk'] select"))).selectByValue("3");
        browser.findElement(By.cssSelector("form[data-scenario='bulk'] button")).click();
        browser.findElement(By.cssSelector("form[data-scenario='funnel'] button")).click();
        browser.findElement(By.cssSelector("form[data-scenario='article'] button")).click();
        wait.until(d -> d.findElements(By.cssSelector(".card[data-status]")).size() == 3);
        // Mid-run: a few funnel steps done (links), the article into writing, some bulk rows finished or failed.
        wait.until(d -> d.findElements(By.cssSelector(".card.funnel, .card.running")).size() > 0
            && d.findElements(By.cssSelector(".step.completed a")).size() >= 2
            && !d.findElements(By.cssSelector(".child.failed")).isEmpty());

        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.write(out, browser.getScreenshotAs(OutputType.BYTES));
        assertThat(out).isNotEmptyFile();
      } finally {
        browser.quit();
      }
    }
  }
}
