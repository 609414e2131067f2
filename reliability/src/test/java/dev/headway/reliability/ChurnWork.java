package dev.headway.reliability;

import dev.headway.Job;
import dev.headway.JobSpec;
import dev.headway.ProgressTracker;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Random work for the {@code kill -9} rounds: on two threads, stepped jobs (some holding an exclusive key) and bulk
 * parents with children, ended at random by complete, fail or cancel, so a kill lands between any two calls.
 */
final class ChurnWork {
  private static final int THREADS = 2;
  private static final int KEYS = 6;
  private static final long WORK_MILLIS = 15;

  private final ProgressTracker tracker;
  private final Reporter reporter;
  private final WorkerSettings settings;
  private final AtomicInteger started = new AtomicInteger();

  ChurnWork(ProgressTracker tracker, Reporter reporter, WorkerSettings settings) {
    this.tracker = tracker;
    this.reporter = reporter;
    this.settings = settings;
  }

  /** Works until {@code jobs} jobs have been started. */
  void run() throws InterruptedException {
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      Random random = new Random(settings.seed() * 31 + i);
      Thread thread = new Thread(() -> work(random), "churn-" + i);
      thread.start();
      threads.add(thread);
    }
    for (Thread thread : threads) {
      thread.join();
    }
  }

  private void work(Random random) {
    while (started.incrementAndGet() <= settings.jobs()) {
      if (random.nextInt(100) < 30) {
        bulkJob(random);
      } else {
        steppedJob(random);
      }
    }
  }

  private void steppedJob(Random random) {
    JobSpec.Builder spec = JobSpec.builder("churn", "alice").step("a", 1).step("b", 2).step("c", 1);
    if (random.nextInt(100) < 35) {
      String key = "key-" + random.nextInt(KEYS);
      spec.exclusiveKey(key).attribute(Keys.ATTRIBUTE, key);
    }
    Optional<Job> started = reporter.start(spec.build(), tracker::start);
    if (started.isEmpty()) {
      return;
    }
    try (Job job = started.get()) {
      for (String step : List.of("a", "b", "c")) {
        SimulatedWork.upTo(WORK_MILLIS);
        reporter.call(job, "step", () -> job.startStep(step));
        job.progress(random.nextInt(11), 10);
      }
      SimulatedWork.upTo(WORK_MILLIS);
      end(job, random);
    }
  }

  /** Ends a job at random: mostly completed, sometimes failed or cancelled. */
  private void end(Job job, Random random) {
    int roll = random.nextInt(100);
    if (roll < 70) {
      reporter.call(job, "complete", job::complete);
    } else if (roll < 85) {
      reporter.call(job, "fail", () -> job.fail("churn failure"));
    } else {
      reporter.call(job, "cancel", job::cancelled);
    }
  }

  /**
   * A parent with two to four children, ended by its last child; sometimes the parent fails midway, which asks the
   * remaining children to cancel.
   */
  private void bulkJob(Random random) {
    int count = 2 + random.nextInt(3);
    Optional<Job> startedParent = reporter.start(
        JobSpec.builder("course", "alice").expectedChildren(count).build(), tracker::start);
    if (startedParent.isEmpty()) {
      return;
    }
    try (Job parent = startedParent.get()) {
      List<Job> children = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        reporter.start(JobSpec.builder("topic", "alice").parent(parent.id()).step("read", 1).step("write", 1).build(),
            parent::startChild).ifPresent(children::add);
      }
      boolean parentFailed = false;
      for (Job child : children) {
        try (child) {
          SimulatedWork.upTo(WORK_MILLIS);
          if (child.isCancelRequested()) {
            reporter.call(child, "cancel", child::cancelled);
            continue;
          }
          reporter.call(child, "step", () -> child.startStep("read"));
          SimulatedWork.upTo(WORK_MILLIS);
          if (random.nextInt(100) < 80) {
            reporter.call(child, "complete", child::complete);
          } else {
            reporter.call(child, "fail", () -> child.fail("topic failed"));
          }
        }
        if (!parentFailed && random.nextInt(100) < 15) {
          parentFailed = reporter.call(parent, "fail", () -> parent.fail("course stopped"));
        }
      }
      if (!parentFailed) {
        reporter.parentEnded(parent);
      }
    }
  }
}
