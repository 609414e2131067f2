package dev.headway.internal;

import dev.headway.ExclusiveKeyException;
import dev.headway.JobFilter;
import dev.headway.JobSnapshot;
import dev.headway.JobStats;
import dev.headway.LogLine;
import dev.headway.spi.JobRun;
import dev.headway.spi.JobStore;
import dev.headway.spi.JobWrite;
import dev.headway.spi.StoredJob;
import dev.headway.spi.WriteConflict;
import dev.headway.spi.TrackerObserver;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/** A store that tells a (guarded) {@link TrackerObserver} of each call: its size, its time, and its failure. */
final class ObservedStore implements JobStore {
  private final JobStore store;
  private final TrackerObserver observer;

  ObservedStore(JobStore store, TrackerObserver observer) {
    this.store = store;
    this.observer = observer;
  }

  private <T> T observe(String operation, Supplier<T> call, ToIntFunction<T> items) {
    long start = System.nanoTime();
    T result;
    try {
      result = call.get();
    } catch (ExclusiveKeyException e) {
      tell(operation, 0, System.nanoTime() - start, null); // the store answered: the key is taken
      throw e;
    } catch (RuntimeException | Error e) {
      tell(operation, 0, System.nanoTime() - start, e);
      throw e;
    }
    tell(operation, items.applyAsInt(result), System.nanoTime() - start, null);
    return result;
  }

  private void tell(String operation, int items, long nanos, Throwable failure) {
    observer.storeCall(operation, items, nanos, failure);
  }

  @Override
  public void insert(JobSnapshot job, String exclusiveKey, String nodeId) {
    observe("insert", () -> {
      store.insert(job, exclusiveKey, nodeId);
      return null;
    }, none -> 1);
  }

  @Override
  public List<WriteConflict> update(List<JobWrite> writes) {
    return observe("update", () -> store.update(writes), conflicts -> writes.size());
  }

  @Override
  public Optional<JobSnapshot> find(String id) {
    return observe("find", () -> store.find(id), found -> found.isPresent() ? 1 : 0);
  }

  @Override
  public List<JobSnapshot> findAll(Collection<String> ids) {
    return observe("findAll", () -> store.findAll(ids), List::size);
  }

  @Override
  public List<JobSnapshot> list(JobFilter filter) {
    return observe("list", () -> store.list(filter), List::size);
  }

  @Override
  public Optional<JobSnapshot> requestCancel(String id, String reason, Instant at) {
    return observe("requestCancel", () -> store.requestCancel(id, reason, at), found -> found.isPresent() ? 1 : 0);
  }

  @Override
  public void heartbeat(String nodeId, Collection<String> ids) {
    observe("heartbeat", () -> {
      store.heartbeat(nodeId, ids);
      return null;
    }, none -> ids.size());
  }

  @Override
  public List<StoredJob> findStale(Duration staleAfter, int limit) {
    return observe("findStale", () -> store.findStale(staleAfter, limit), List::size);
  }

  @Override
  public List<JobSnapshot> takeOver(String nodeId, Duration staleAfter, List<JobWrite> endings) {
    return observe("takeOver", () -> store.takeOver(nodeId, staleAfter, endings), List::size);
  }

  @Override
  public List<JobRun> recentRuns(String type, int limit) {
    return observe("recentRuns", () -> store.recentRuns(type, limit), List::size);
  }

  @Override
  public List<LogLine> readLog(String jobId, long afterSeq, int limit) {
    return observe("readLog", () -> store.readLog(jobId, afterSeq, limit), List::size);
  }

  @Override
  public JobStats stats(JobFilter filter, Instant since) {
    return observe("stats", () -> store.stats(filter, since), stats -> 1);
  }

  @Override
  public int deleteEndedBefore(Instant cutoff, int limit) {
    return observe("deleteEndedBefore", () -> store.deleteEndedBefore(cutoff, limit), Integer::intValue);
  }
}
