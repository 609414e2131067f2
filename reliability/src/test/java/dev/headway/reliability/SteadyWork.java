package dev.headway.reliability;

import dev.headway.Job;
import dev.headway.JobSpec;
import dev.headway.ProgressTracker;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The outage's work: on two threads, jobs started, stepped and completed one after another at a human pace, so
 * completions fall before, during and after a database outage. Stops, finishing the jobs in hand, when stdin says
 * {@code stop}.
 */
final class SteadyWork {
  private static final int THREADS = 2;
  private static final long WORK_MILLIS = 60;
  /** After a refused start the worker pauses like a real caller would before trying again. */
  private static final long RETRY_MILLIS = 100;

  private final ProgressTracker tracker;
  private final Reporter reporter;
  private volatile boolean stopping;

  SteadyWork(ProgressTracker tracker, Reporter reporter) {
    this.tracker = tracker;
    this.reporter = reporter;
  }

  /** Works until stdin says {@code stop} (or closes), then waits for the jobs in hand to end. */
  void run(BufferedReader commands) throws IOException, InterruptedException {
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      Thread thread = new Thread(this::work, "steady-" + i);
      thread.start();
      threads.add(thread);
    }
    String command;
    do {
      command = commands.readLine();
    } while (command != null && !command.strip().equals("stop"));
    stopping = true;
    for (Thread thread : threads) {
      thread.join();
    }
  }

  private void work() {
    while (!stopping) {
      Optional<Job> started = reporter.start(
          JobSpec.builder("steady", "alice").step("a", 1).step("b", 1).build(), tracker::start);
      if (started.isEmpty()) {
        SimulatedWork.upTo(RETRY_MILLIS);
        continue;
      }
      try (Job job = started.get()) {
        for (String step : List.of("a", "b")) {
          SimulatedWork.upTo(WORK_MILLIS);
          reporter.call(job, "step", () -> job.startStep(step));
        }
        SimulatedWork.upTo(WORK_MILLIS);
        reporter.call(job, "complete", job::complete);
      }
    }
  }
}
