package dev.headway.reliability;

import dev.headway.Job;
import dev.headway.JobSpec;
import dev.headway.ProgressTracker;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The paused node's script: holds running jobs with exclusive keys ({@code held-0}, {@code held-1}, ...) and moves
 * them only when stdin says so, so the test decides whether a call happens before the pause or after the resume.
 *
 * <p>Commands: {@code step} starts step "b" of every job, {@code finish} completes them, {@code exit} leaves.
 */
final class HeldJobs {
  /** The prefix of the held jobs' exclusive keys. */
  static final String KEY_PREFIX = "held-";

  private final ProgressTracker tracker;
  private final Reporter reporter;
  private final WorkerSettings settings;

  HeldJobs(ProgressTracker tracker, Reporter reporter, WorkerSettings settings) {
    this.tracker = tracker;
    this.reporter = reporter;
    this.settings = settings;
  }

  /** Starts the jobs, prints HELD, then follows the commands. */
  void run(BufferedReader commands) throws IOException {
    List<Job> jobs = new ArrayList<>();
    for (int i = 0; i < settings.jobs(); i++) {
      String key = KEY_PREFIX + i;
      JobSpec spec = JobSpec.builder("held", "alice").step("a", 1).step("b", 1)
          .exclusiveKey(key).attribute(Keys.ATTRIBUTE, key).build();
      reporter.start(spec, tracker::start).ifPresent(job -> {
        reporter.call(job, "step", () -> job.startStep("a"));
        jobs.add(job);
      });
    }
    reporter.print(WorkerLine.signal(WorkerLine.HELD));
    for (String command = commands.readLine(); command != null; command = commands.readLine()) {
      switch (command.strip()) {
        case "step" -> jobs.forEach(job -> reporter.call(job, "step", () -> job.startStep("b")));
        case "finish" -> jobs.forEach(job -> reporter.call(job, "complete", job::complete));
        case "exit" -> {
          return;
        }
        default -> throw new IllegalArgumentException("unknown command " + command);
      }
    }
  }
}
