package dev.headway.internal;

import dev.headway.JobEventType;
import dev.headway.JobFilter;
import dev.headway.JobSnapshot;
import dev.headway.spi.ChangeNotice;
import dev.headway.spi.ClusterBus;
import dev.headway.spi.JobStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tracker's side of the cluster bus: turns notices of other nodes' writes into events for local subscribers,
 * and cancel requests made elsewhere into requests to the workers running here.
 *
 * <p>It reads the newer states from the store in batches, and publishes each job's states in version order, never
 * one at or below a version it already published for the job, whatever order notices and re-reads arrive in.
 */
final class RemoteChanges implements ClusterBus.Receiver {
  private static final Logger LOG = LoggerFactory.getLogger(RemoteChanges.class);
  private static final int READ_BATCH = 500;
  /** Slack for clocks of different nodes when deciding what changed during a gap. */
  private static final Duration GAP_MARGIN = Duration.ofSeconds(5);

  /** The last state published for a job not live here, and when. */
  private record Seen(JobSnapshot job, Instant at) {}

  private final RealProgressTracker tracker;
  private final JobStore store;
  private final String nodeId;
  private final ConcurrentHashMap<String, Seen> seen = new ConcurrentHashMap<>();
  /** When the last notice arrived: a gap starts no earlier. Null before the first. */
  private volatile Instant lastNoticeAt;

  RemoteChanges(RealProgressTracker tracker, JobStore store, String nodeId) {
    this.tracker = tracker;
    this.store = store;
    this.nodeId = nodeId;
  }

  @Override
  public void changed(List<ChangeNotice> notices) {
    lastNoticeAt = tracker.now();
    try {
      Set<String> wanted = new LinkedHashSet<>();
      for (ChangeNotice notice : notices) {
        if (!notice.nodeId().equals(nodeId) && wants(notice)) {
          wanted.add(notice.jobId());
        }
      }
      load(wanted);
    } catch (RuntimeException e) {
      LOG.warn("could not read {} changed jobs from the store; subscribers get them with the next change",
          notices.size(), e);
    }
  }

  /**
   * Catches up after notices may have been lost: re-reads the jobs followed by id, the live ones, and those a
   * subscriber here was last shown as active (so their ends are not missed); then lists the newest jobs of each
   * followed owner and passes on the ones that changed since the last notice arrived (jobs started during the gap).
   */
  @Override
  public void resync() {
    try {
      Set<String> ids = new LinkedHashSet<>(tracker.followedIds());
      seen.forEach((id, last) -> {
        if (!last.job().isFinished()) {
          ids.add(id);
        }
      });
      load(ids);
      Instant since = lastNoticeAt;
      if (since != null) {
        for (String owner : tracker.followedOwners()) {
          for (JobSnapshot job : store.list(JobFilter.owner(owner))) {
            if (tracker.liveJob(job.id()) == null && !job.updatedAt().isBefore(since.minus(GAP_MARGIN))) {
              publish(null, job);
            }
          }
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("could not re-read the followed jobs after the cluster bus reconnected", e);
    }
  }

  /** A live job may have a cancel request; another only matters if someone here follows it and it is newer. */
  private boolean wants(ChangeNotice notice) {
    if (tracker.liveJob(notice.jobId()) != null) {
      return true;
    }
    if (!tracker.follows(notice.jobId())) {
      return false;
    }
    Seen last = seen.get(notice.jobId());
    return last == null || notice.version() > last.job().version();
  }

  private void load(Collection<String> ids) {
    List<String> all = new ArrayList<>(ids);
    for (int from = 0; from < all.size(); from += READ_BATCH) {
      List<String> batch = all.subList(from, Math.min(all.size(), from + READ_BATCH));
      List<JobSnapshot> jobs = new ArrayList<>(store.findAll(batch));
      jobs.sort(Comparator.comparingLong(JobSnapshot::version));
      for (JobSnapshot job : jobs) {
        RealJob live = tracker.liveJob(job.id());
        if (live == null) {
          publish(null, job);
        } else if (job.isFinished()) {
          live.endedInStore(job);
        } else if (job.cancelRequested()) {
          live.cancelRequestedElsewhere(job);
        }
      }
    }
  }

  /**
   * Publishes a state of a job not live here if it is newer than the last one published.
   *
   * @param type the event type, or null to infer it from the last state seen
   * @param job the state
   */
  synchronized void publish(JobEventType type, JobSnapshot job) {
    Seen last = seen.get(job.id());
    if (last != null && job.version() <= last.job().version()) {
      return;
    }
    seen.put(job.id(), new Seen(job, tracker.now()));
    tracker.publish(type != null ? type : ChangeKinds.between(last != null ? last.job() : null, job), job);
  }

  /** Records a state a subscriber was shown, so the next change is told as what it is and an older one is not. */
  synchronized void remember(JobSnapshot job) {
    Seen last = seen.get(job.id());
    if (last == null || job.version() > last.job().version()) {
      seen.put(job.id(), new Seen(job, tracker.now()));
    }
  }

  /** Forgets jobs no one here follows any longer, and ended ones after {@code keep}. */
  void prune(Instant now, Duration keep) {
    seen.entrySet().removeIf(e -> !tracker.follows(e.getKey())
        || e.getValue().job().isFinished() && now.isAfter(e.getValue().at().plus(keep)));
  }
}
