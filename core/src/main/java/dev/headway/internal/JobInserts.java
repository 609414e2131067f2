package dev.headway.internal;

import dev.headway.HeadwayException;
import dev.headway.JobSnapshot;
import dev.headway.spi.JobStore;
import dev.headway.spi.JobWrite;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inserts new jobs for {@code tracker.start} on the {@link StoreCallPool}, so that a store that hangs (a connection
 * pool waiting during an outage) holds the caller for {@code statusWriteTimeout} at most. A start that gives up is
 * not left behind as a running job: if its insert was still queued it never runs, and if it lands after all, the
 * job is ended {@code FAILED} at once.
 */
final class JobInserts {
  private static final Logger LOG = LoggerFactory.getLogger(JobInserts.class);
  static final String TOO_LATE = "the store confirmed the job's creation too late; the caller had given up";

  private final JobStore store;
  private final String nodeId;
  private final Duration timeout;
  private final Clock clock;
  private final StoreCallPool pool;
  /** Jobs whose start gave up while their insert ran. */
  private final Set<String> abandoned = ConcurrentHashMap.newKeySet();

  JobInserts(JobStore store, String nodeId, Duration timeout, Clock clock, StoreCallPool pool) {
    this.store = store;
    this.nodeId = nodeId;
    this.timeout = timeout;
    this.clock = clock;
    this.pool = pool;
  }

  /**
   * Inserts a job's first state, waiting at most {@code statusWriteTimeout}.
   *
   * @throws dev.headway.ExclusiveKeyException and the store's other refusals, as the store threw them
   * @throws HeadwayException when the store did not answer in time; the job does not stay active
   */
  void insert(JobSnapshot first, String exclusiveKey) {
    Future<?> insert = pool.submit("create job " + first.id(), () -> {
      insertOrEndLate(first, exclusiveKey);
      return null;
    });
    try {
      insert.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      throw refusal(e);
    } catch (TimeoutException e) {
      if (giveUp(first, insert)) {
        finished(insert);
        return;
      }
      throw new HeadwayException("job " + first.id() + " was not created: the store did not answer within "
          + timeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      if (giveUp(first, insert)) {
        finished(insert);
        return;
      }
      throw new HeadwayException("interrupted while creating job " + first.id(), e);
    }
  }

  /**
   * Gives up on an insert: a queued one never runs; a running one ends the job once inserted; one that finished
   * just now counts after all (returns true).
   */
  private boolean giveUp(JobSnapshot first, Future<?> insert) {
    abandoned.add(first.id());
    if (insert.cancel(false)) {
      abandoned.remove(first.id());
      return false;
    }
    return insert.isDone() && abandoned.remove(first.id());
  }

  private void insertOrEndLate(JobSnapshot first, String exclusiveKey) {
    store.insert(first, exclusiveKey, nodeId);
    if (abandoned.remove(first.id())) {
      Instant now = clock.instant();
      JobSnapshot end = Abandoned.end(first, TOO_LATE, first.version(), now);
      try {
        store.update(List.of(JobWrite.first(end)));
      } catch (RuntimeException e) {
        LOG.warn("job {} was created after its start gave up, and could not be ended; the sweeper ends it after"
            + " staleAfter", first.id(), e);
      }
    }
  }

  /** Takes the outcome of an insert that is done: returns, or throws what the store threw. */
  private static void finished(Future<?> insert) {
    try {
      insert.get();
    } catch (ExecutionException e) {
      throw refusal(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HeadwayException("interrupted", e);
    }
  }

  /** What the store threw, as it threw it. */
  private static RuntimeException refusal(ExecutionException e) {
    return e.getCause() instanceof RuntimeException failure ? failure
        : new HeadwayException("the store failed to insert a job", e.getCause());
  }

}
