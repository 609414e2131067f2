package dev.headway.jdbc.durability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headway.JobSnapshot;
import dev.headway.jdbc.JdbcJobStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Collections;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the store acknowledged on an H2 file survives {@code kill -9}: a child JVM writes jobs and prints each write
 * once its call returned; the test kills it (SIGKILL, no shutdown hooks) at a random moment, opens the file, and
 * finds every printed write there, at least at the printed version.
 *
 * <p>Without the store's setting, H2 would keep the last 500 ms of commits in memory only, and each round would lose
 * some.
 */
class AcknowledgedWritesSurviveKillTest {
  private static final int ROUNDS = 3;
  private static final long TIMEOUT_SECONDS = 30;
  /** The kill comes after this many acknowledged writes at least, and after a random pause on top. */
  private static final int MIN_WRITES_BEFORE_KILL = 30;
  private static final int MAX_PAUSE_MS = 700;

  @TempDir
  Path directory;

  /** One acknowledged write: a job at a version. */
  private record Acknowledged(String id, long version) {}

  @ParameterizedTest(name = "{0} pool")
  @ValueSource(strings = {"owned", "host"})
  void everyAcknowledgedWriteIsInTheFileAfterTheProcessIsKilled(String pool) throws Exception {
    String url = "jdbc:h2:file:" + directory.resolve("jobs").toAbsolutePath();
    String prefix = "kill_";
    int acknowledgedInAll = 0;
    for (int round = 1; round <= ROUNDS; round++) {
      List<Acknowledged> acknowledged = writeUntilKilled(url, prefix, pool);
      acknowledgedInAll += acknowledged.size();
      try (JdbcJobStore reopened = JdbcJobStore.builder().jdbcUrl(url).tablePrefix(prefix).build()) {
        List<String> lost = new ArrayList<>();
        for (Acknowledged write : acknowledged) {
          long stored = reopened.find(write.id()).map(JobSnapshot::version).orElse(0L);
          if (stored < write.version()) {
            lost.add(write.id() + " v" + write.version() + " (stored: " + (stored == 0 ? "none" : "v" + stored) + ")");
          }
        }
        assertThat(lost).as("round %d: of %d acknowledged writes, lost", round, acknowledged.size()).isEmpty();
      }
    }
    System.out.printf("kill -9 on H2 file, %s pool: %d rounds, %d acknowledged writes, 0 lost%n", pool, ROUNDS,
        acknowledgedInAll);
  }

  /** Starts the writer, kills it at a random moment, and returns the writes it had printed, latest per job. */
  private List<Acknowledged> writeUntilKilled(String url, String prefix, String pool) throws Exception {
    Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
    Process writer = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
        AcknowledgingWriter.class.getName(), url, prefix, pool)
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    List<String> lines = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch started = new CountDownLatch(MIN_WRITES_BEFORE_KILL);
    Thread reader = new Thread(() -> readLines(writer, lines, started), "writer-output");
    reader.start();
    try {
      assertThat(started.await(TIMEOUT_SECONDS, TimeUnit.SECONDS))
          .as("%d writes acknowledged within %d s", MIN_WRITES_BEFORE_KILL, TIMEOUT_SECONDS).isTrue();
      // Not a wait for anything: the kill lands at a random moment, in the middle of whichever write.
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(ThreadLocalRandom.current().nextInt(MAX_PAUSE_MS)));
      assertThat(writer.isAlive()).as("the writer runs until killed").isTrue();
      writer.destroyForcibly();
      assertThat(writer.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("the writer died").isTrue();
    } finally {
      writer.destroyForcibly();
    }
    reader.join(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
    assertThat(reader.isAlive()).as("the writer's output ended").isFalse();
    Map<String, Long> latest = new HashMap<>();
    for (String line : lines) {
      String[] parts = line.split(" ");
      // A line the kill cut short has no final dot; its write was acknowledged only if the dot came out.
      if (parts.length == 4 && parts[3].equals(".")) {
        latest.merge(parts[1], Long.parseLong(parts[2]), Math::max);
      }
    }
    return latest.entrySet().stream().map(e -> new Acknowledged(e.getKey(), e.getValue())).toList();
  }

  private static void readLines(Process writer, List<String> lines, CountDownLatch started) {
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        lines.add(line);
        started.countDown();
      }
    } catch (IOException e) {
      // The writer's output broke off: what it printed before is all there is.
      lines.add("output broken: " + e);
    }
  }
}
