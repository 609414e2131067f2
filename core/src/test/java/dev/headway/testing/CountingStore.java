package dev.headway.testing;

import dev.headway.JobFilter;
import dev.headway.JobSnapshot;
import dev.headway.JobStats;
import dev.headway.LogLine;
import dev.headway.spi.JobRun;
import dev.headway.spi.JobStore;
import dev.headway.spi.JobWrite;
import dev.headway.spi.StoredJob;
import dev.headway.spi.WriteConflict;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Wraps a store, counts its calls, and can be made to fail: the store fault is simulated here because an in-memory
 * store cannot go down for real.
 */
public final class CountingStore implements JobStore {
  private final JobStore delegate;
  public final AtomicInteger inserts = new AtomicInteger();
  public final AtomicInteger updateCalls = new AtomicInteger();
  public final AtomicInteger updatedRows = new AtomicInteger();
  public final AtomicInteger reads = new AtomicInteger();
  public final AtomicInteger heartbeats = new AtomicInteger();
  public final AtomicInteger finds = new AtomicInteger();
  private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
  private final AtomicReference<RuntimeException> updateFailure = new AtomicReference<>();
  private final AtomicReference<Runnable> updateHook = new AtomicReference<>();

  public CountingStore(JobStore delegate) {
    this.delegate = delegate;
  }

  /** Makes every following call throw {@code e}; null heals the store. */
  public void failWith(RuntimeException e) {
    failure.set(e);
  }

  /** Makes every following write of job states ({@code update}) throw {@code e}, other calls work; null heals. */
  public void failUpdatesWith(RuntimeException e) {
    updateFailure.set(e);
  }

  /** Makes writes of job states hang until the latch opens, as a pool waiting for a connection does. */
  public void blockUpdatesUntil(CountDownLatch gate) {
    onUpdate(() -> {
      try {
        gate.await();
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", interrupted);
      }
    });
  }

  /** Runs {@code hook} inside every following write of job states, before it reaches the store. */
  public void onUpdate(Runnable hook) {
    updateHook.set(hook);
  }

  private void check() {
    RuntimeException e = failure.get();
    if (e != null) {
      throw e;
    }
  }

  public int calls() {
    return inserts.get() + updateCalls.get() + reads.get();
  }

  @Override
  public void insert(JobSnapshot job, String exclusiveKey, String nodeId) {
    check();
    inserts.incrementAndGet();
    delegate.insert(job, exclusiveKey, nodeId);
  }

  @Override
  public List<WriteConflict> update(List<JobWrite> writes) {
    updateCalls.incrementAndGet(); // counts attempts, failed ones too
    check();
    RuntimeException e = updateFailure.get();
    if (e != null) {
      throw e;
    }
    Runnable hook = updateHook.get();
    if (hook != null) {
      hook.run();
    }

    updatedRows.addAndGet(writes.size());
    return delegate.update(writes);
  }

  @Override
  public Optional<JobSnapshot> find(String id) {
    check();
    reads.incrementAndGet();
    finds.incrementAndGet();
    return delegate.find(id);
  }

  @Override
  public List<JobSnapshot> findAll(Collection<String> ids) {
    check();
    reads.incrementAndGet();
    return delegate.findAll(ids);
  }

  @Override
  public List<JobSnapshot> list(JobFilter filter) {
    check();
    reads.incrementAndGet();
    return delegate.list(filter);
  }

  @Override
  public Optional<JobSnapshot> requestCancel(String id, String reason, Instant at) {
    check();
    updateCalls.incrementAndGet();
    return delegate.requestCancel(id, reason, at);
  }

  @Override
  public List<JobSnapshot> takeOver(String nodeId, Duration staleAfter, List<JobWrite> endings) {
    check();
    updateCalls.incrementAndGet();
    return delegate.takeOver(nodeId, staleAfter, endings);
  }

  @Override
  public void heartbeat(String nodeId, Collection<String> ids) {
    check();
    heartbeats.incrementAndGet();
    delegate.heartbeat(nodeId, ids);
  }

  @Override
  public List<StoredJob> findStale(Duration staleAfter, int limit) {
    check();
    reads.incrementAndGet();
    return delegate.findStale(staleAfter, limit);
  }

  @Override
  public List<JobRun> recentRuns(String type, int limit) {
    check();
    reads.incrementAndGet();
    return delegate.recentRuns(type, limit);
  }

  @Override
  public List<LogLine> readLog(String jobId, long afterSeq, int limit) {
    check();
    reads.incrementAndGet();
    return delegate.readLog(jobId, afterSeq, limit);
  }

  @Override
  public JobStats stats(JobFilter filter, Instant since) {
    check();
    reads.incrementAndGet();
    return delegate.stats(filter, since);
  }

  @Override
  public int deleteEndedBefore(Instant cutoff, int limit) {
    check();
    return delegate.deleteEndedBefore(cutoff, limit);
  }
}
