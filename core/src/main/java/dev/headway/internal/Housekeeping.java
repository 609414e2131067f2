package dev.headway.internal;

import dev.headway.spi.JobStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tracker's periodic work, every {@code flushInterval} on its scheduler: stall checks, the write-behind flush,
 * dropping ended jobs from memory, and every {@code heartbeatInterval} the heartbeat of this node's jobs and the
 * sweep of other nodes' dead ones; now and then the retention delete.
 *
 * <p>A node only sweeps after it has reached the store without a failure for {@code staleAfter}: when the store
 * itself was down, every node's heartbeats failed, and the nodes that are alive must get the time to give a sign of
 * life before anyone judges them dead.
 */
final class Housekeeping implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(Housekeeping.class);
  private static final Duration RETENTION_EVERY = Duration.ofMinutes(1);
  private static final int RETENTION_BATCH = 1000;
  private static final int HEARTBEAT_BATCH = 1000;
  /** How often stalls are looked for and ended jobs dropped: stall detection needs no finer grain. */
  private static final Duration WALK_EVERY = Duration.ofSeconds(1);

  private final RealProgressTracker.Settings settings;
  private final JobStore store;
  private final Clock clock;
  private final Supplier<Collection<RealJob>> liveJobs;
  private final StoreWriter writer;
  private final Sweeper sweeper;
  private final RemoteChanges remote;
  private final String nodeId;
  private final Runnable evict;
  // Touched only by the housekeeping task, which never overlaps itself.
  private Instant nextRetention;
  private Instant nextHeartbeat;
  private Instant nextWalk;
  private Instant lastStoreFailure;

  Housekeeping(RealProgressTracker.Settings settings, JobStore store, Clock clock,
      Supplier<Collection<RealJob>> liveJobs, StoreWriter writer, Sweeper sweeper, RemoteChanges remote,
      String nodeId, Runnable evict) {
    this.settings = settings;
    this.store = store;
    this.clock = clock;
    this.liveJobs = liveJobs;
    this.writer = writer;
    this.sweeper = sweeper;
    this.remote = remote;
    this.nodeId = nodeId;
    this.evict = evict;
    this.nextRetention = clock.instant();
    this.nextHeartbeat = clock.instant();
    this.nextWalk = clock.instant();
  }

  @Override
  public void run() {
    Instant now = clock.instant();
    // A clock stepped back (an NTP correction) must not hold heartbeats back until it catches up.
    nextHeartbeat = earliest(nextHeartbeat, now.plus(settings.heartbeatInterval()));
    nextRetention = earliest(nextRetention, now.plus(RETENTION_EVERY));
    nextWalk = earliest(nextWalk, now.plus(WALK_EVERY));
    try {
      if (!now.isBefore(nextWalk)) {
        // Once a second, not every flush: with 100,000 idle jobs the walk is what idle costs.
        nextWalk = now.plus(WALK_EVERY);
        for (RealJob job : liveJobs.get()) {
          if (job.mayStall()) {
            job.checkStall(now, settings.stallAfter());
          }
        }
        evict.run();
      }
      if (!writer.flush(settings.flushInterval())) {
        lastStoreFailure = now;
      }
      if (!now.isBefore(nextHeartbeat)) {
        nextHeartbeat = now.plus(settings.heartbeatInterval());
        heartbeat(now);
        if (lastStoreFailure == null || !now.isBefore(lastStoreFailure.plus(settings.staleAfter()))) {
          sweeper.sweep(now);
        } else {
          store.findStale(settings.staleAfter(), 1); // only to learn whether the store is back
        }
      }
      remote.prune(now, settings.keepFailed());
      if (!now.isBefore(nextRetention)) {
        nextRetention = now.plus(RETENTION_EVERY);
        int deleted = store.deleteEndedBefore(now.minus(settings.retention()), RETENTION_BATCH);
        if (deleted > 0) {
          LOG.debug("deleted {} jobs that ended before the retention of {}", deleted, settings.retention());
        }
      }
    } catch (RuntimeException e) {
      lastStoreFailure = now;
      LOG.warn("housekeeping failed; it runs again in {}", settings.flushInterval(), e);
    }
  }

  private static Instant earliest(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  /**
   * Tells the store that this node's jobs are alive: every job the store shows active and held here, including
   * ended ones whose end is not written yet. A job written within the last interval is left out: the write was its
   * sign of life, and a busy node adds no statements for it.
   */
  private void heartbeat(Instant now) {
    Instant quietSince = now.minus(settings.heartbeatInterval());
    List<String> held = new ArrayList<>();
    for (RealJob job : liveJobs.get()) {
      if (job.heldActive() && job.silentSince(quietSince)) {
        held.add(job.id());
      }
    }
    // In bounded batches: one statement per thousand jobs, never one array of a hundred thousand ids.
    for (int from = 0; from < held.size(); from += HEARTBEAT_BATCH) {
      store.heartbeat(nodeId, held.subList(from, Math.min(held.size(), from + HEARTBEAT_BATCH)));
    }
  }
}
