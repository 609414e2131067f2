package dev.headway.examples.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;

/** Saves what the browser showed when a test failed, as {@code target/screenshots/<Class>.<test>.png}. */
final class ScreenshotOnFailure implements TestWatcher {
  private final Supplier<WebDriver> driver;

  ScreenshotOnFailure(Supplier<WebDriver> driver) {
    this.driver = driver;
  }

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    WebDriver current = driver.get();
    if (!(current instanceof TakesScreenshot camera)) {
      return;
    }
    try {
      Path file = Path.of("target", "screenshots",
          context.getRequiredTestClass().getSimpleName() + "." + context.getRequiredTestMethod().getName() + ".png");
      Files.createDirectories(file.getParent());
      Files.write(file, camera.getScreenshotAs(OutputType.BYTES));
      System.err.println("Screenshot of the failure: " + file.toAbsolutePath());
    } catch (Exception e) {
      System.err.println("Could not save a screenshot: " + e);
    }
  }
}
