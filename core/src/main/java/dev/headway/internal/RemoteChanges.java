package dev.headway.internal;

import dev.headway.JobEventType;
import dev.headway.JobFilter;
import dev.headway.JobSnapshot;
import dev.headway.spi.ChangeNotice;
import dev.headway.spi.ClusterBus;
import dev.headway.spi.JobStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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

  private final JobStore store;
  private final String nodeId;
  private final Clock clock;
  private final Subscribers subscribers;
  private final Map<String, RealJob> live;
  private final ConcurrentHashMap<String, Seen> seen = new ConcurrentHashMap<>();
  /** When the last notice arrived: a gap starts no earlier. Null before the first. */
  private volatile Instant lastNoticeAt;

  /**
   * @param live the jobs live on this node, by id
   */
  RemoteChanges(JobStore store, String nodeId, Clock clock, Subscribers subscribers, Map<String, RealJob> live) {
    this.store = store;
    this.nodeId = nodeId;
    this.clock = clock;
    this.subscribers = subscribers;
    this.live = live;
  }

  @Override
  public void changed(List<ChangeNotice> notices) {
    lastNoticeAt = clock.instant();
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
      Set<String> ids = new LinkedHashSet<>(followedIds());
      seen.forEach((id, last) -> {
        if (!last.job().isFinished()) {
          ids.add(id);
        }
      });
      load(ids);
      Instant since = lastNoticeAt;
      if (since != null) {
        for (String owner : subscribers.followedOwners()) {
          for (JobSnapshot job : store.list(JobFilter.owner(owner))) {
            if (!live.containsKey(job.id()) && !job.updatedAt().isBefore(since.minus(GAP_MARGIN))) {
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
    if (live.containsKey(notice.jobId())) {
      return true;
    }
    if (!subscribers.follow(notice.jobId())) {
      return false;
    }
    Seen last = seen.get(notice.jobId());
    return last == null || notice.version() > last.job().version();
  }

  /** Returns the jobs to re-read after the bus lost notices: those followed by id, and the active live ones. */
  private Set<String> followedIds() {
    Set<String> followed = new HashSet<>(subscribers.followedIds());
    for (RealJob job : live.values()) {
      if (!job.status().isTerminal()) {
        followed.add(job.id());
      }
    }
    return followed;
  }

  private void load(Collection<String> ids) {
    List<String> all = new ArrayList<>(ids);
    for (int from = 0; from < all.size(); from += READ_BATCH) {
      List<String> batch = all.subList(from, Math.min(all.size(), from + READ_BATCH));
      List<JobSnapshot> jobs = new ArrayList<>(store.findAll(batch));
      jobs.sort(Comparator.comparingLong(JobSnapshot::version));
      for (JobSnapshot job : jobs) {
        RealJob here = live.get(job.id());
        if (here == null) {
          publish(null, job);
        } else if (job.isFinished()) {
          here.endedInStore(job);
        } else if (job.cancelRequested()) {
          here.cancelRequestedElsewhere(job);
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
    seen.put(job.id(), new Seen(job, clock.instant()));
    subscribers.publish(type != null ? type : ChangeKinds.between(last != null ? last.job() : null, job), job);
  }

  /** Records a state a subscriber was shown, so the next change is told as what it is and an older one is not. */
  synchronized void remember(JobSnapshot job) {
    Seen last = seen.get(job.id());
    if (last == null || job.version() > last.job().version()) {
      seen.put(job.id(), new Seen(job, clock.instant()));
    }
  }

  /** Forgets jobs no one here follows any longer, and ended ones after {@code keep}. */
  void prune(Instant now, Duration keep) {
    seen.entrySet().removeIf(e -> !subscribers.follow(e.getKey())
        || e.getValue().job().isFinished() && now.isAfter(e.getValue().at().plus(keep)));
  }
}
