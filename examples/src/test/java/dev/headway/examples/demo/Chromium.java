package dev.headway.examples.demo;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium and its chromedriver, named explicitly so that Selenium Manager never downloads
 * anything. Without them the tests are skipped, unless {@code CI} is set: then they fail.
 */
final class Chromium {
  static final Path BROWSER = Path.of("/usr/bin/chromium");
  static final Path DRIVER = Path.of("/usr/bin/chromedriver");

  private Chromium() {}

  static void assumeInstalled() {
    if (Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER)) {
      return;
    }
    String missing = BROWSER + " and " + DRIVER + " (apt-get install chromium chromium-driver)";
    if (System.getenv("CI") != null) {
      fail("CI is set, so the browser tests must run, but they need " + missing);
    }
    Assumptions.abort("Browser tests skipped: they need " + missing);
  }

  /** A fresh headless browser with its own profile; quit() it. */
  static ChromeDriver start(Path profile, int width, int height) {
    assumeInstalled();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BROWSER.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--user-data-dir=" + profile.toAbsolutePath(), "--window-size=" + width + "," + height,
        "--force-device-scale-factor=1", "--lang=en-US");
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(DRIVER.toString()))
        .usingAnyFreePort()
        .withTimeout(Duration.ofSeconds(30))
        .build();
    ChromeDriver browser = new ChromeDriver(service, options);
    if (width < 500) {
      // Headless windows are at least 500 px wide: a phone's viewport is emulated instead.
      browser.executeCdpCommand("Emulation.setDeviceMetricsOverride",
          Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", true));
    }
    return browser;
  }
}
