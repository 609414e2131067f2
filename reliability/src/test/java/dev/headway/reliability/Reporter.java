package dev.headway.reliability;

import dev.headway.ExclusiveKeyException;
import dev.headway.HeadwayException;
import dev.headway.Job;
import dev.headway.JobSnapshot;
import dev.headway.JobSpec;
import java.io.PrintStream;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The worker's half of the protocol: makes a status call and, once it has returned, reports one line saying whether
 * it was acknowledged, so the line exists exactly when the user would have been told "done". A worker JVM prints the
 * lines to stdout (flushed at once); a test that runs trackers in its own JVM collects them. The test's half is
 * {@link WorkerLine}.
 */
final class Reporter {
  private final Consumer<WorkerLine> sink;

  /**
   * A reporter that hands each line to a sink.
   *
   * @param sink where lines go; called from the threads making the calls
   */
  Reporter(Consumer<WorkerLine> sink) {
    this.sink = sink;
  }

  /**
   * A reporter that prints each line, flushed, so a killed worker's acknowledged calls are all on the pipe.
   *
   * @param out the stream, stdout in a worker JVM
   * @return the reporter
   */
  static Reporter printingTo(PrintStream out) {
    return new Reporter(line -> {
      synchronized (out) {
        out.println(line.format());
        out.flush();
      }
    });
  }

  /** A status call on a job. */
  @FunctionalInterface
  interface StatusCall {
    /** Makes the call. */
    void run();
  }

  /**
   * Starts a job and reports it.
   *
   * @param spec the job
   * @param starter {@code tracker::start}, or a parent's {@code startChild}
   * @return the handle, or empty when the start was refused (the line says why)
   */
  Optional<Job> start(JobSpec spec, Function<JobSpec, Job> starter) {
    long began = System.nanoTime();
    try {
      Job job = starter.apply(spec);
      print(WorkerLine.acknowledged(job.id(), "start", millisSince(began)));
      return Optional.of(job);
    } catch (ExclusiveKeyException taken) {
      print(WorkerLine.busy(spec.exclusiveKey(), millisSince(began)));
      return Optional.empty();
    } catch (RuntimeException e) {
      print(WorkerLine.refused("-", "start", millisSince(began), e));
      return Optional.empty();
    }
  }

  /**
   * Makes a status call and reports whether it returned or threw.
   *
   * @param job the job
   * @param call its name in the protocol: {@code step}, {@code complete}, {@code fail} or {@code cancel}
   * @param action the call
   * @return true when acknowledged
   */
  boolean call(Job job, String call, StatusCall action) {
    long began = System.nanoTime();
    try {
      action.run();
      print(WorkerLine.acknowledged(job.id(), call, millisSince(began)));
      return true;
    } catch (RuntimeException e) {
      print(WorkerLine.refused(job.id(), call, millisSince(began), e));
      return false;
    }
  }

  /**
   * Reports a parent that its last child's call ended: the user sees the parent's end when that call returns.
   *
   * @param parent the parent's handle
   */
  void parentEnded(Job parent) {
    JobSnapshot snapshot = parent.snapshot();
    if (snapshot.status().isTerminal()) {
      print(WorkerLine.parentEnded(parent.id(), snapshot.status()));
    }
  }

  /**
   * Prints a line of the protocol.
   *
   * @param line the line
   */
  void print(WorkerLine line) {
    sink.accept(line);
  }

  /**
   * Whether an exception says the change was kept and will be written later, rather than refused.
   *
   * @param e what a status call threw
   * @return true for a {@link HeadwayException}
   */
  static boolean isQueued(RuntimeException e) {
    return e instanceof HeadwayException;
  }

  private static long millisSince(long began) {
    return (System.nanoTime() - began) / 1_000_000;
  }
}
