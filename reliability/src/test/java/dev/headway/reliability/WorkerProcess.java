package dev.headway.reliability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A {@link WorkerMain} in a child JVM, seen from the test: its lines as they arrive, stdin commands, and the faults
 * done to it for real — {@code kill -9}, SIGSTOP and SIGCONT. Its stderr (the worker's log) goes to a file under
 * {@code target/workers} for when a round needs explaining.
 */
final class WorkerProcess implements AutoCloseable {
  private static final Path LOGS = Path.of("target", "workers");

  private final WorkerSettings settings;
  private final Process process;
  private final Writer stdin;
  private final List<WorkerLine> lines = new ArrayList<>();
  private final Thread reader;

  private WorkerProcess(WorkerSettings settings, Process process) {
    this.settings = settings;
    this.process = process;
    this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    this.reader = new Thread(this::readLines, "read-" + settings.nodeId());
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Launches a worker JVM on this JVM's classpath.
   *
   * @param settings what it does
   * @return the running worker
   */
  static WorkerProcess launch(WorkerSettings settings) {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        // A small, quickly started JVM: two cores are shared by the test, its workers and the database.
        "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
        "-cp", System.getProperty("java.class.path"),
        WorkerMain.class.getName()));
    command.addAll(settings.toArguments());
    try {
      Files.createDirectories(LOGS);
      Path log = LOGS.resolve(settings.nodeId() + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime()
          + ".log");
      Process process = new ProcessBuilder(command)
          .redirectError(ProcessBuilder.Redirect.to(log.toFile()))
          .start();
      return new WorkerProcess(settings, process);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start a worker JVM", e);
    }
  }

  private void readLines() {
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String text = in.readLine(); text != null; text = in.readLine()) {
        WorkerLine line = WorkerLine.parse(text);
        synchronized (lines) {
          lines.add(line);
          lines.notifyAll();
        }
      }
    } catch (IOException e) {
      // The pipe breaks when the worker is killed: its lines end there.
    }
  }

  /** The worker's settings. */
  WorkerSettings settings() {
    return settings;
  }

  /** Whether the worker JVM still runs. */
  boolean isAlive() {
    return process.isAlive();
  }

  /** The process id, for signals. */
  long pid() {
    return process.pid();
  }

  /** The lines read so far. */
  List<WorkerLine> lines() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  /**
   * Waits until the worker has printed {@code count} lines matching a predicate.
   *
   * @param count how many
   * @param which which lines count
   * @param timeout how long to wait at most
   * @throws AssertionError if they did not come, with the worker's last lines
   */
  void awaitLines(int count, Predicate<WorkerLine> which, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lines) {
      while (lines.stream().filter(which).count() < count) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || (!process.isAlive() && !reader.isAlive())) {
          throw new AssertionError(settings.nodeId() + " printed " + lines.stream().filter(which).count() + " of "
              + count + " expected lines within " + timeout + (process.isAlive() ? "" : " and exited")
              + "; last lines: " + lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        }
        lines.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
      }
    }
  }

  /**
   * Waits for a signal line such as {@code READY}.
   *
   * @param kind the signal
   * @param timeout how long to wait at most
   */
  void awaitSignal(String kind, Duration timeout) throws InterruptedException {
    awaitLines(1, line -> line.kind().equals(kind), timeout);
  }

  /**
   * Whether the worker has printed a signal.
   *
   * @param kind the signal
   * @return true once printed
   */
  boolean printed(String kind) {
    return lines().stream().anyMatch(line -> line.kind().equals(kind));
  }

  /**
   * Sends a command line to the worker's stdin.
   *
   * @param command the command
   */
  void send(String command) {
    try {
      stdin.write(command + "\n");
      stdin.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("could not write to " + settings.nodeId(), e);
    }
  }

  /**
   * {@code kill -9}: the JVM ends at once, without running anything more. Returns after the process is gone and
   * its last lines are read.
   *
   * @return true if the process was still alive to be killed
   */
  boolean kill() throws InterruptedException {
    boolean alive = process.isAlive();
    process.destroyForcibly();
    process.waitFor();
    reader.join(TimeUnit.SECONDS.toMillis(5));
    return alive;
  }

  /** SIGSTOP: every thread of the worker stops where it is, as in a long GC pause or a frozen VM. */
  void pause() {
    signal("-STOP");
  }

  /** SIGCONT: the frozen worker runs on as if no time had passed. */
  void resume() {
    signal("-CONT");
  }

  private void signal(String signal) {
    try {
      Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid())).inheritIO().start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill " + signal + " " + process.pid() + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not run kill " + signal, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while signalling the worker", e);
    }
  }

  /**
   * Waits for the worker to exit by itself.
   *
   * @param timeout how long at most
   * @return true if it exited
   */
  boolean awaitExit(Duration timeout) throws InterruptedException {
    boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (exited) {
      reader.join(TimeUnit.SECONDS.toMillis(5));
    }
    return exited;
  }

  /** Kills the worker if it still runs (a test that failed midway leaves no JVM behind). */
  @Override
  public void close() {
    process.destroyForcibly();
  }
}
