package dev.headway.examples.demo;

import java.nio.file.Path;
import java.util.Map;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The demo on a fresh H2 file with headless Chromium on its page, signed in by cookie and collecting page errors:
 * what each browser test starts with. Skips the test where Chromium is missing (fails under CI).
 */
final class DemoInBrowser implements AutoCloseable {
  final DemoServer demo;
  final ChromeDriver browser;

  private DemoInBrowser(DemoServer demo, ChromeDriver browser) {
    this.demo = demo;
    this.browser = browser;
  }

  /**
   * Starts the demo and a browser on it.
   *
   * @param temp where the database and the browser profile go
   * @param speed the demo's work speed (1 = as designed)
   * @param width the window's width
   * @param height the window's height
   * @param user the demo user the browser signs in as
   * @param onEveryPage a script run before the page's own on every page, or null
   */
  static DemoInBrowser open(Path temp, double speed, int width, int height, String user, String onEveryPage)
      throws Exception {
    Chromium.assumeInstalled();
    DemoServer demo = DemoServer.start(new DemoOptions(0, "jdbc:h2:file:" + temp.resolve("demo").toAbsolutePath(),
        speed));
    ChromeDriver browser;
    try {
      browser = Chromium.start(temp.resolve("profile"), width, height);
    } catch (RuntimeException e) {
      demo.close();
      throw e;
    }
    PageErrors.install(browser);
    if (onEveryPage != null) {
      browser.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", onEveryPage));
    }
    browser.get(demo.url() + "demo.css"); // no script running while the cookie is set
    browser.manage().addCookie(new Cookie("demo_user", user, "/"));
    browser.get(demo.url());
    return new DemoInBrowser(demo, browser);
  }

  @Override
  public void close() {
    browser.quit();
    demo.close();
  }
}
