package dev.headway.internal;

import dev.headway.HeadwayException;
import dev.headway.JobSnapshot;
import dev.headway.spi.JobStore;
import dev.headway.spi.JobWrite;
import dev.headway.spi.WriteConflict;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that writes a tracker's jobs to the store: status changes as soon as they happen (all that are
 * waiting go in one batch, so many workers share a commit), and everyone's progress when asked to flush.
 *
 * <p>A worker whose status call must be durable hands its job over and waits, at most {@code statusWriteTimeout},
 * whatever the store's own timeouts: a store that hangs (a pool waiting for a connection during an outage) blocks
 * this thread, never a worker for longer. What is not written stays queued and is retried with a growing pause.
 * Every write's outcome is checked: a job the store refused for good (ended or taken over by another node) learns
 * the store's truth; a job whose stored version is ahead (a cancel request recorded elsewhere) writes again above it.
 */
final class StoreWriter {
  private static final Logger LOG = LoggerFactory.getLogger(StoreWriter.class);
  private static final int CHUNK = 200;
  private static final Duration MAX_PAUSE = Duration.ofSeconds(2);

  private final JobStore store;
  /** Jobs with progress their last write lacks: a flush writes these, not every live job. */
  private final Set<RealJob> changed = ConcurrentHashMap.newKeySet();
  private final Consumer<List<JobSnapshot>> announce;
  private final Duration statusWriteTimeout;
  private final Duration firstPause;
  private final Clock clock;
  private final Thread thread;

  private final ReentrantLock lock = new ReentrantLock();
  /** Signalled when there is work for the writer. */
  private final Condition work = lock.newCondition();
  /** Signalled after every attempt, for callers waiting on its outcome. */
  private final Condition attempted = lock.newCondition();
  // Guarded by lock.
  private final Set<RealJob> urgent = new LinkedHashSet<>();
  private long flushesRequested;
  private long flushesDone;
  private Instant retryAt;
  private int failures;
  private boolean stopping;
  private boolean healthy = true; // guarded by lock

  /**
   * @param firstPause the pause after a first failure; it doubles with each failure in a row, up to 2 s
   * @param clock the tracker's clock, which times the pauses
   */
  StoreWriter(JobStore store, Consumer<List<JobSnapshot>> announce,
      Duration statusWriteTimeout, Duration firstPause, Clock clock, String nodeId) {
    this.store = store;
    this.firstPause = firstPause;
    this.clock = clock;
    this.announce = announce;
    this.statusWriteTimeout = statusWriteTimeout;
    this.thread = new Thread(this::run, "headway-writer-" + nodeId);
    thread.setDaemon(true);
    thread.start();
  }

  /** Notes a job whose progress changed: the next flush writes it. Lock-free. */
  void changed(RealJob job) {
    changed.add(job);
  }

  /** Queues a job whose latest state must be written soon, without waiting for it. */
  void enqueue(RealJob job) {
    lock.lock();
    try {
      urgent.add(job);
      work.signal();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Queues a job and waits until the store holds a version of it at least {@code version}.
   *
   * @throws dev.headway.JobEndedException (a {@link dev.headway.JobTakenOverException}) when the store refused the
   *     job's writes for good
   * @throws HeadwayException when the store did not take it within {@code statusWriteTimeout}; it stays queued
   */
  void awaitDurable(RealJob job, long version) {
    long deadline = System.nanoTime() + statusWriteTimeout.toNanos();
    lock.lock();
    try {
      urgent.add(job);
      work.signal();
      while (job.persistedVersion() < version) {
        job.throwIfRefused();
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new HeadwayException("job " + job.id() + " is " + job.status().wireName() + " in memory, but the"
              + " store did not take it within " + statusWriteTimeout + "; it stays queued and is written when the store"
              + " is back");
        }
        attempted.awaitNanos(left);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HeadwayException("interrupted while waiting for the store to take job " + job.id()
          + "; its state stays queued", e);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Asks for every live job's newer state to be written, and waits for that attempt, at most {@code timeout}.
   * While the writer pauses after failures, it returns false at once: the flush comes with the next attempt.
   *
   * @return false if the attempt failed, did not finish in time, or waits for the pause to end
   */
  boolean flush(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    lock.lock();
    try {
      if (pausing()) {
        flushesRequested = Math.max(flushesRequested, flushesDone + 1);
        return false;
      }
      long ticket = ++flushesRequested;
      work.signal();
      while (flushesDone < ticket) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || stopping && !thread.isAlive()) {
          return false;
        }
        attempted.awaitNanos(left);
      }
      return healthy;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      lock.unlock();
    }
  }

  /** Returns whether the last write attempt succeeded. */
  boolean lastWriteSucceeded() {
    lock.lock();
    try {
      return healthy;
    } finally {
      lock.unlock();
    }
  }

  /** Returns how many jobs have changes not yet written: status changes waiting, and progress since the last flush. */
  int backlog() {
    lock.lock();
    try {
      int backlog = urgent.size();
      for (RealJob job : changed) {
        backlog += urgent.contains(job) ? 0 : 1; // a job in both is one job waiting
      }
      return backlog;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Writes what is pending, then stops the thread, waiting at most {@code timeout}; a write in progress is never
   * interrupted (an interrupt can break a database driver's connection mid-write).
   */
  void close(Duration timeout) {
    lock.lock();
    try {
      failures = 0; // one last attempt, pause or not
    } finally {
      lock.unlock();
    }
    flush(timeout);
    lock.lock();
    try {
      stopping = true;
      work.signal();
    } finally {
      lock.unlock();
    }
    try {
      thread.join(Math.max(1, timeout.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      LOG.warn("the store writer is still in a write {} after close; it is left to finish", timeout);
    }
  }

  private void run() {
    while (true) {
      Set<RealJob> batch;
      long flushTicket;
      lock.lock();
      try {
        while (!stopping && !hasWork()) {
          // No timed wait: after a failure, the next flush request (every flushInterval) or status change wakes it.
          work.await();
        }
        if (stopping) {
          attempted.signalAll();
          return;
        }
        flushTicket = flushesRequested > flushesDone ? flushesRequested : 0;
        batch = new LinkedHashSet<>(urgent);
        urgent.clear();
        if (flushTicket > 0) {
          takeChanged(batch);
        }
      } catch (InterruptedException e) {
        LOG.warn("the store writer was interrupted; it stops, and pending writes stay in memory");
        return;
      } finally {
        lock.unlock();
      }
      boolean ok;
      try {
        ok = write(batch);
      } catch (RuntimeException e) {
        // Never let the one writer die: everything would wait for it. What was not written is retried.
        LOG.error("the store writer failed unexpectedly; pending writes are retried", e);
        ok = false;
      }
      lock.lock();
      try {
        healthy = ok;
        if (ok) {
          failures = 0;
        } else {
          urgent.addAll(batch);
          failures++;
          Duration pause = firstPause.multipliedBy(1L << Math.min(failures - 1, 20));
          retryAt = clock.instant().plus(pause.compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause);
        }
        if (flushTicket > 0) {
          flushesDone = flushTicket;
        }
        attempted.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  /**
   * Moves the changed jobs into a batch. Each leaves the set before its state is read, so a change made after that
   * read puts it back for the next flush.
   */
  private void takeChanged(Set<RealJob> batch) {
    for (Iterator<RealJob> it = changed.iterator(); it.hasNext(); ) {
      RealJob job = it.next();
      it.remove();
      batch.add(job);
    }
  }

  /** Whether to write now: something is asked for, and a failure's pause (if any) is over. */
  private boolean hasWork() {
    return (!urgent.isEmpty() || flushesRequested > flushesDone) && !pausing();
  }

  /** Whether the writer pauses after failures in a row; a clock stepped back never makes a pause longer. */
  private boolean pausing() {
    Instant now = clock.instant();
    return failures > 0 && now.isBefore(retryAt) && !now.plus(MAX_PAUSE).isBefore(retryAt);
  }

  /** Writes the newer states of these jobs, in chunks; false if the store failed. */
  private boolean write(Collection<RealJob> jobs) {
    List<RealJob> chunk = new ArrayList<>();
    List<JobWrite> writes = new ArrayList<>();
    for (RealJob job : jobs) {
      JobWrite pending = job.unwritten();
      if (pending != null) {
        chunk.add(job);
        writes.add(pending);
        if (writes.size() == CHUNK && !writeChunk(chunk, writes)) {
          return false;
        }
      }
    }
    return writes.isEmpty() || writeChunk(chunk, writes);
  }

  /**
   * Writes one chunk and empties it. A flush of many jobs goes out in chunks, each its own write (and, on a
   * cluster, its own notice), so the first jobs reach the store and other nodes without waiting for the last.
   */
  private boolean writeChunk(List<RealJob> jobs, List<JobWrite> writes) {
    List<WriteConflict> conflicts;
    try {
      conflicts = store.update(writes);
    } catch (RuntimeException e) {
      LOG.warn("could not write {} jobs to the store; they stay in memory and are retried", writes.size(), e);
      return false;
    }
    Map<String, WriteConflict> refused = new HashMap<>();
    for (WriteConflict conflict : conflicts) {
      refused.put(conflict.write().state().id(), conflict);
    }
    List<JobSnapshot> written = new ArrayList<>(writes.size());
    for (int i = 0; i < jobs.size(); i++) {
      RealJob job = jobs.get(i);
      JobWrite write = writes.get(i);
      JobSnapshot state = write.state();
      WriteConflict conflict = refused.get(state.id());
      if (conflict == null) {
        written.add(state);
        job.written(write);
      } else if (conflict.isFinal()) {
        LOG.warn("the store refused job {} for good: {}; this node stops changing it", state.id(),
            conflict.stored() == null ? "it is no longer stored" : "node " + conflict.stored().holder()
                + " holds it, as " + conflict.stored().state().status().wireName());
        job.refused(conflict.stored() == null ? null : conflict.stored().state(),
            conflict.stored() == null ? null : conflict.stored().holder());
      } else {
        LOG.info("job {} is stored at version {}, above this node's {} (a change recorded elsewhere); writing"
            + " again above it", state.id(), conflict.stored().state().version(), state.version());
        job.behind(conflict.stored().state());
        lock.lock();
        try {
          urgent.add(job);
        } finally {
          lock.unlock();
        }
      }
    }
    announce.accept(written);
    jobs.clear();
    writes.clear();
    return true;
  }
}
