package dev.headway.examples.demo;

import dev.headway.Job;
import dev.headway.JobCancelledException;
import dev.headway.JobStatus;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small worker pool, the way a host runs slow work: each task gets a {@link Job} handle and reports through it.
 * The outcome of a task becomes the job's end: it returns (the task called {@code complete}), it sees a cancel
 * request ({@link JobCancelledException}), or it throws (the job fails with its message).
 */
final class Workers implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Workers.class);

  /** The work of one job. */
  interface Task {
    void run(Job job) throws Exception;
  }

  private final ExecutorService pool;
  private final Set<Job> live = ConcurrentHashMap.newKeySet();

  Workers(int threads) {
    this.pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "demo-worker");
      t.setDaemon(true);
      return t;
    });
  }

  /** Runs a job's work when a worker is free; a queued job waits as {@code queued} until then. */
  void submit(Job job, Task task) {
    live.add(job);
    pool.execute(() -> {
      try {
        if (job.snapshot().isFinished()) {
          return; // cancelled while it waited
        }
        if (job.snapshot().status() == JobStatus.QUEUED) {
          job.start();
        }
        task.run(job);
      } catch (JobCancelledException e) {
        end(job, job::cancelled);
      } catch (InterruptedException e) {
        end(job, () -> job.fail("The demo server stopped while this was running"));
      } catch (Exception e) {
        end(job, () -> job.fail(e.getMessage(), e));
      } finally {
        live.remove(job);
        job.close(); // ends the job FAILED if the task forgot to; a no-op after an end
      }
    });
  }

  /** Stops the workers; jobs they had not finished end failed, so none stays "running". */
  @Override
  public void close() {
    pool.shutdownNow();
    try {
      if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
        LOG.warn("demo workers did not stop within 5 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (Job job : live) {
      end(job, () -> job.fail("The demo server stopped before this started"));
    }
  }

  private static void end(Job job, Runnable end) {
    if (job.snapshot().isFinished()) {
      return; // a cancel of a queued job, or of its parent, got there first
    }
    try {
      end.run();
    } catch (RuntimeException e) {
      LOG.warn("could not end job {}", job.id(), e);
    }
  }
}
