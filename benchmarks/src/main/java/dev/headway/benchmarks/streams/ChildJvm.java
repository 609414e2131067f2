package dev.headway.benchmarks.streams;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A load process forked as a JVM of its own, on this JVM's class path. Everything it prints goes to a log file;
 * the lines that start with an upper-case tag ({@code PORT}, {@code REPORT}, ...) are also kept for
 * {@link #await}. Commands go to its standard input; closing it ends the process.
 */
final class ChildJvm implements AutoCloseable {
  private final String name;
  private final Process process;
  private final PrintWriter commands;
  private final BlockingQueue<String> tagged = new LinkedBlockingQueue<>();

  /**
   * Starts {@code <launcher> java <jvmOptions> -cp <this class path> <mainClass> <args>}.
   *
   * @param name what to call it in messages
   * @param launcher a command that runs the JVM, such as {@code nice -n -10}, or empty
   * @param jvmOptions options for the JVM, such as {@code -Xmx512m}
   * @param mainClass the class to run
   * @param args its arguments
   * @param log where its output goes (replaced)
   * @throws IOException if it cannot be started
   */
  ChildJvm(String name, List<String> launcher, List<String> jvmOptions, Class<?> mainClass, List<String> args,
      Path log) throws IOException {
    this.name = name;
    List<String> command = new ArrayList<>(launcher);
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass.getName());
    command.addAll(args);
    process = new ProcessBuilder(command).redirectErrorStream(true).start();
    commands = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
    Writer logWriter = Files.newBufferedWriter(log, StandardCharsets.UTF_8);
    Thread reader = new Thread(() -> copy(logWriter), name + "-output");
    reader.setDaemon(true);
    reader.start();
  }

  private void copy(Writer log) {
    try (log; BufferedReader lines = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        log.write(line);
        log.write('\n');
        log.flush();
        if (!line.isEmpty() && Character.isUpperCase(line.charAt(0)) && line.split(" ", 2)[0].matches("[A-Z]+")) {
          tagged.add(line); // few: one per command or phase, so the queue stays small
        }
      }
    } catch (IOException e) {
      // the process ended
    }
  }

  /**
   * Waits for the next line that starts with {@code tag}, dropping tagged lines before it.
   *
   * @param tag the first word, such as {@code PORT}
   * @param timeout how long to wait
   * @return the line
   * @throws IOException if it did not come in time or the process ended first
   * @throws InterruptedException if interrupted
   */
  String await(String tag, Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      String line = tagged.poll(Math.min(200, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)),
          TimeUnit.MILLISECONDS);
      if (line != null && (line.equals(tag) || line.startsWith(tag + " "))) {
        return line;
      }
      if (line == null && !process.isAlive() && tagged.isEmpty()) {
        throw new IOException(name + " ended (exit " + process.exitValue() + ") before printing " + tag);
      }
      if (System.nanoTime() > deadline) {
        throw new IOException(name + " did not print " + tag + " within " + timeout.toSeconds() + " s");
      }
    }
  }

  /**
   * Sends one command line to its standard input.
   *
   * @param command the command
   */
  void send(String command) {
    commands.println(command);
  }

  /** Closes its standard input, waits a few seconds for it to end, then kills it. */
  @Override
  public void close() {
    commands.close();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      // Not an InterruptedException from close(), which try-with-resources would mishandle: kill and pass it on.
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
