package dev.headway.internal;

import dev.headway.ExclusiveKeyException;
import dev.headway.JobFilter;
import dev.headway.JobSnapshot;
import dev.headway.JobStatus;
import dev.headway.spi.CancelRequests;
import dev.headway.spi.JobRun;
import dev.headway.spi.JobStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * A {@link JobStore} that keeps jobs in this JVM's memory: fast, thread-safe, and gone on restart.
 *
 * <p>Jobs live in one concurrent map and exclusive keys in another (key → holder id). A key is claimed atomically
 * with a compare-and-set on the key map, and released when a terminal state of its holder is written; a key whose
 * holder has ended is reclaimable even if that release has not happened yet. Writes to one job are serialized by
 * {@link ConcurrentHashMap#compute}, so a stale version can never overwrite a newer one.
 */
public final class InMemoryJobStore implements JobStore {

  private static final Comparator<JobSnapshot> NEWEST_CREATED_FIRST =
      Comparator.comparing(JobSnapshot::createdAt).reversed().thenComparing(JobSnapshot::id);
  private static final Comparator<JobSnapshot> NEWEST_COMPLETED_FIRST =
      Comparator.comparing(JobSnapshot::completedAt).reversed().thenComparing(JobSnapshot::id);
  private static final Comparator<JobSnapshot> OLDEST_COMPLETED_FIRST =
      Comparator.comparing(JobSnapshot::completedAt).thenComparing(JobSnapshot::id);

  /**
   * A stored job, the exclusive key it claimed (null when none), and its last heartbeat (null before the first).
   */
  private record Entry(JobSnapshot job, String exclusiveKey, Instant heartbeatAt) {
    Entry(JobSnapshot job, String exclusiveKey) {
      this(job, exclusiveKey, null);
    }

    Entry with(JobSnapshot next) {
      return new Entry(next, exclusiveKey, heartbeatAt);
    }

    Instant lastSignOfLife() {
      return heartbeatAt != null && heartbeatAt.isAfter(job.updatedAt()) ? heartbeatAt : job.updatedAt();
    }
  }

  private final ConcurrentHashMap<String, Entry> jobs = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, String> keyHolders = new ConcurrentHashMap<>();

  /** Creates an empty store. */
  public InMemoryJobStore() {}

  @Override
  public void insert(JobSnapshot job, String exclusiveKey) {
    Objects.requireNonNull(job, "job");
    String id = job.id();
    if (jobs.containsKey(id)) {
      throw duplicate(id);
    }
    // A job that is inserted already ended is not active, so it neither holds nor contests a key.
    String claimed = exclusiveKey != null && !job.isFinished() ? exclusiveKey : null;
    if (claimed != null) {
      claimKey(claimed, id);
    }
    if (jobs.putIfAbsent(id, new Entry(job, claimed)) != null) {
      if (claimed != null) {
        keyHolders.remove(claimed, id);
      }
      throw duplicate(id);
    }
  }

  private void claimKey(String key, String id) {
    String[] holder = new String[1];
    keyHolders.compute(key, (k, current) -> {
      if (current == null || holderHasEnded(current)) {
        return id;
      }
      holder[0] = current;
      return current;
    });
    if (holder[0] != null) {
      throw new ExclusiveKeyException(key, holder[0]);
    }
  }

  /**
   * Returns whether the holder of a key has ended. A holder that is not (yet) stored is being inserted right now,
   * since a key is only mapped while its holder is stored; it counts as active.
   */
  private boolean holderHasEnded(String holderId) {
    Entry entry = jobs.get(holderId);
    return entry != null && entry.job().isFinished();
  }

  private static IllegalArgumentException duplicate(String id) {
    return new IllegalArgumentException("a job with id " + id + " already exists");
  }

  @Override
  public void update(List<JobSnapshot> jobs) {
    Objects.requireNonNull(jobs, "jobs");
    for (JobSnapshot job : jobs) {
      Objects.requireNonNull(job, "jobs must not contain null");
    }
    for (JobSnapshot job : jobs) {
      apply(job);
    }
  }

  private boolean apply(JobSnapshot written) {
    return write(written, stored -> written.version() > stored.version());
  }

  @Override
  public boolean replace(long expectedVersion, JobSnapshot next) {
    Objects.requireNonNull(next, "next");
    if (next.version() <= expectedVersion) {
      throw new IllegalArgumentException("the new version " + next.version() + " must be above the expected "
          + expectedVersion);
    }
    return write(next, stored -> stored.version() == expectedVersion);
  }

  /** Writes a state if the stored one passes the guard; a terminal state releases the job's key. */
  private boolean write(JobSnapshot written, Predicate<JobSnapshot> guard) {
    Entry[] applied = new Entry[1];
    jobs.computeIfPresent(written.id(), (id, stored) -> {
      if (!guard.test(stored.job())) {
        return stored;
      }
      Entry next = stored.with(CancelRequests.kept(stored.job(), written));
      applied[0] = next;
      return next;
    });
    Entry entry = applied[0];
    if (entry != null && entry.exclusiveKey() != null && entry.job().isFinished()) {
      keyHolders.remove(entry.exclusiveKey(), entry.job().id());
    }
    return entry != null;
  }

  @Override
  public void heartbeat(String nodeId, Collection<String> ids, Instant at) {
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(ids, "ids");
    Objects.requireNonNull(at, "at");
    for (String id : ids) {
      jobs.computeIfPresent(id, (k, stored) -> stored.job().isFinished()
          ? stored
          : new Entry(stored.job(), stored.exclusiveKey(), at));
    }
  }

  @Override
  public List<JobSnapshot> findStale(Instant before, int limit) {
    Objects.requireNonNull(before, "before");
    requireNonNegative(limit);
    return jobs.values().stream()
        .filter(e -> !e.job().isFinished() && e.lastSignOfLife().isBefore(before))
        .sorted(Comparator.comparing(Entry::lastSignOfLife).thenComparing(e -> e.job().id()))
        .limit(limit)
        .map(Entry::job)
        .toList();
  }

  @Override
  public Optional<JobSnapshot> find(String id) {
    Objects.requireNonNull(id, "id");
    Entry entry = jobs.get(id);
    return entry == null ? Optional.empty() : Optional.of(entry.job());
  }

  @Override
  public List<JobSnapshot> findAll(Collection<String> ids) {
    Objects.requireNonNull(ids, "ids");
    List<JobSnapshot> found = new ArrayList<>(ids.size());
    for (String id : ids) {
      Entry entry = jobs.get(id);
      if (entry != null) {
        found.add(entry.job());
      }
    }
    return found;
  }

  @Override
  public List<JobSnapshot> list(JobFilter filter) {
    Objects.requireNonNull(filter, "filter");
    return jobs.values().stream()
        .map(Entry::job)
        .filter(filter::matches)
        .sorted(NEWEST_CREATED_FIRST)
        .limit(filter.limit())
        .toList();
  }

  @Override
  public Optional<JobSnapshot> requestCancel(String id, String reason, Instant at) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(at, "at");
    Entry entry = jobs.computeIfPresent(id, (k, stored) -> stored.job().isFinished()
        ? stored
        : stored.with(CancelRequests.recorded(stored.job(), reason, at)));
    return entry == null ? Optional.empty() : Optional.of(entry.job());
  }

  @Override
  public List<JobRun> recentRuns(String type, int limit) {
    Objects.requireNonNull(type, "type");
    requireNonNegative(limit);
    return jobs.values().stream()
        .map(Entry::job)
        .filter(job -> job.status() == JobStatus.COMPLETED && type.equals(job.type())
            && job.startedAt() != null && job.completedAt() != null)
        .sorted(NEWEST_COMPLETED_FIRST)
        .limit(limit)
        .map(JobRun::of)
        .toList();
  }

  @Override
  public int deleteEndedBefore(Instant cutoff, int limit) {
    Objects.requireNonNull(cutoff, "cutoff");
    requireNonNegative(limit);
    List<JobSnapshot> candidates = jobs.values().stream()
        .map(Entry::job)
        .filter(job -> endedBefore(job, cutoff))
        .sorted(OLDEST_COMPLETED_FIRST)
        .toList();
    List<Entry> deleted = new ArrayList<>();
    for (JobSnapshot candidate : candidates) {
      if (deleted.size() >= limit) {
        break;
      }
      // Checked again under the job's lock: a newer state may have been written since the scan.
      jobs.computeIfPresent(candidate.id(), (id, stored) -> {
        if (endedBefore(stored.job(), cutoff)) {
          deleted.add(stored);
          return null;
        }
        return stored;
      });
    }
    for (Entry entry : deleted) {
      if (entry.exclusiveKey() != null) {
        keyHolders.remove(entry.exclusiveKey(), entry.job().id());
      }
    }
    return deleted.size();
  }

  private static boolean endedBefore(JobSnapshot job, Instant cutoff) {
    return job.isFinished() && job.completedAt() != null && job.completedAt().isBefore(cutoff);
  }

  private static void requireNonNegative(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative, was " + limit);
    }
  }
}
