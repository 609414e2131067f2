package dev.headway.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the browser client in Node, when Node is installed, against fake browser APIs: log lines reach the log
 * handler once each (an ended job's last ones too), a throwing handler stops nothing, and retryJob, fetchLog and
 * fetchStats ask the endpoints and reject with the server's message and reason; and, when tsc is installed, that
 * headway.d.ts compiles with {@code --strict} for a page that uses it. The browser tests of the examples cover the
 * rest in Chromium.
 */
class ClientScriptTest {

  @Test
  void theClientHandsOverLogLinesAndTheServersRefusals(@TempDir Path dir) throws Exception {
    requireTool("node");
    copy("/dev/headway/sse/headway.js", dir.resolve("headway.mjs"));
    copy("/dev/headway/sse/client-check.mjs", dir.resolve("check.mjs"));
    Process node = new ProcessBuilder("node", "check.mjs").directory(dir.toFile()).redirectErrorStream(true).start();
    assertThat(node.waitFor(30, TimeUnit.SECONDS)).as("node finished").isTrue();
    String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(node.exitValue()).as(output).isZero();
    assertThat(output.strip()).isEqualTo("ok");
  }

  @Test
  void theDeclarationsCompileStrictlyForAPageThatUsesThem(@TempDir Path dir) throws Exception {
    requireTool("tsc");
    copy("/dev/headway/sse/headway.d.ts", dir.resolve("headway.d.ts"));
    copy("/dev/headway/sse/client-types-check.ts", dir.resolve("use.ts"));
    Process tsc = new ProcessBuilder("tsc", "--strict", "--noEmit", "--lib", "es2020,dom", "--target", "es2020",
        "--moduleResolution", "node", "use.ts", "headway.d.ts").directory(dir.toFile()).redirectErrorStream(true)
        .start();
    String output = new String(tsc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(tsc.waitFor(60, TimeUnit.SECONDS)).as("tsc finished").isTrue();
    assertThat(tsc.exitValue()).as(output).isZero();
  }

  private static void copy(String resource, Path to) throws IOException {
    try (InputStream in = ClientScriptTest.class.getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      Files.copy(in, to);
    }
  }

  private static boolean onPath(String command) {
    try {
      Process p = new ProcessBuilder(command, "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Skips without the tool, except under CI, which installs it: there its absence fails the test. */
  private static void requireTool(String tool) {
    if (System.getenv("CI") != null) {
      assertThat(onPath(tool)).as(tool + " must be on the PATH under CI (.ci/run installs it)").isTrue();
    }
    assumeTrue(onPath(tool), tool + " is not installed");
  }
}
