package dev.headway.internal;

import dev.headway.spi.JobRun;
import dev.headway.spi.JobStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recent completed runs of each job type, which ETA estimates start from: read from the store at most once a
 * minute per type, through the {@link StoreCallPool}. A job's start waits for them briefly; when the store is slow
 * or down, the job starts without history (its ETA then comes from its own progress) and the read goes on for the
 * next one.
 */
final class RunHistories {
  private static final Logger LOG = LoggerFactory.getLogger(RunHistories.class);
  private static final int RUNS = 20;
  private static final Duration TTL = Duration.ofMinutes(1);
  private static final Duration WAIT = Duration.ofMillis(250);

  private record Loaded(Future<List<JobRun>> runs, Instant at) {}

  private final JobStore store;
  private final StoreCallPool pool;
  private final Clock clock;
  private final ConcurrentHashMap<String, Loaded> byType = new ConcurrentHashMap<>();

  RunHistories(JobStore store, StoreCallPool pool, Clock clock) {
    this.store = store;
    this.pool = pool;
    this.clock = clock;
  }

  /** Returns the recent runs of a type, or none when they cannot be read in time. */
  List<JobRun> recent(String type) {
    Instant now = clock.instant();
    Loaded loaded = byType.compute(type, (t, current) -> current == null || now.isAfter(current.at().plus(TTL))
        || current.runs().isDone() && failed(current.runs())
        ? new Loaded(pool.submit("read the recent runs of type " + t, () -> store.recentRuns(t, RUNS)), now)
        : current);
    try {
      return loaded.runs().get(WAIT.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      LOG.debug("the recent runs of type {} were not read within {}; this job's ETA starts without them", type, WAIT);
      return List.of();
    } catch (ExecutionException e) {
      LOG.warn("could not read the recent runs of type {}; this job's ETA starts without them", type, e.getCause());
      return List.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of();
    }
  }

  /** Forgets a type's runs, so the next job of that type reads them again with the one that just completed. */
  void forget(String type) {
    byType.remove(type);
  }

  private static boolean failed(Future<List<JobRun>> runs) {
    try {
      runs.get();
      return false;
    } catch (ExecutionException e) {
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }
}
