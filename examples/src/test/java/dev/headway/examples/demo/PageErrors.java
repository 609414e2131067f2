package dev.headway.examples.demo;

import java.util.List;
import java.util.Map;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Collects what a page should never show: uncaught errors, unhandled rejections, {@code console.error}, an
 * EventSource the server refused (a 4xx/5xx such as 429) and fetches answered 429 or 5xx. Installed per tab,
 * before any of the page's scripts run, so an error during loading is caught as well.
 */
final class PageErrors {
  private static final String COLLECTOR = """
      (() => {
        const errors = (window.__pageErrors = []);
        addEventListener('error', (e) => errors.push(`error: ${e.message} at ${e.filename}:${e.lineno}`));
        addEventListener('unhandledrejection',
          (e) => errors.push(`unhandled rejection: ${e.reason && (e.reason.stack || e.reason.message) || e.reason}`));
        const consoleError = console.error.bind(console);
        console.error = (...args) => { errors.push(`console.error: ${args.map(String).join(' ')}`); consoleError(...args); };
        const Native = window.EventSource;
        if (Native) {
          window.EventSource = class extends Native {
            constructor(url, init) {
              super(url, init);
              this.addEventListener('error', () => {
                if (this.readyState === Native.CLOSED) errors.push(`EventSource refused: ${url}`);
              });
            }
          };
        }
        const nativeFetch = window.fetch.bind(window);
        window.fetch = async (...args) => {
          const response = await nativeFetch(...args);
          if (response.status === 429 || response.status >= 500) errors.push(`fetch ${response.status}: ${args[0]}`);
          return response;
        };
      })();
      """;

  private PageErrors() {}

  /** Installs the collector in the current tab, for every document it loads from now on. */
  static void install(ChromeDriver browser) {
    browser.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", COLLECTOR));
  }

  /** What the current tab's document collected so far. */
  static List<?> of(ChromeDriver browser) {
    Object errors = ((JavascriptExecutor) browser).executeScript("return window.__pageErrors || ['no collector']");
    return errors instanceof List<?> list ? list : List.of(String.valueOf(errors));
  }
}
