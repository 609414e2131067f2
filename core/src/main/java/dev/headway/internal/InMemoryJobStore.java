package dev.headway.internal;

import dev.headway.ExclusiveKeyException;
import dev.headway.JobFilter;
import dev.headway.JobSnapshot;
import dev.headway.JobStats;
import dev.headway.JobStatus;
import dev.headway.LogLine;
import dev.headway.spi.CancelRequests;
import dev.headway.spi.JobRun;
import dev.headway.spi.JobStatsBuilder;
import dev.headway.spi.JobStore;
import dev.headway.spi.JobWrite;
import dev.headway.spi.LogAppend;
import dev.headway.spi.StoredJob;
import dev.headway.spi.WriteConflict;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * A {@link JobStore} that keeps jobs in this JVM's memory: fast, thread-safe, and gone on restart.
 *
 * <p>Jobs live in one concurrent map and exclusive keys in another (key → holder id). A key is claimed atomically
 * with a compare-and-set on the key map, and released when a terminal state of its holder is written; a key whose
 * holder has ended is reclaimable even if that release has not happened yet. Writes to one job are serialized by
 * {@link ConcurrentHashMap#compute}, so a stale version can never overwrite a newer one. {@code list} by owner or
 * parent reads only that owner's or parent's jobs (an index each); other filters scan every job.
 */
public final class InMemoryJobStore implements JobStore {

  private static final Comparator<JobSnapshot> NEWEST_CREATED_FIRST =
      Comparator.comparing(JobSnapshot::createdAt).reversed().thenComparing(JobSnapshot::id);
  private static final Comparator<JobSnapshot> NEWEST_COMPLETED_FIRST =
      Comparator.comparing(JobSnapshot::completedAt).reversed().thenComparing(JobSnapshot::id);
  private static final Comparator<JobSnapshot> OLDEST_COMPLETED_FIRST =
      Comparator.comparing(JobSnapshot::completedAt).thenComparing(JobSnapshot::id);

  /**
   * A stored job, the exclusive key it claimed (null when none), its holder and epoch, its last sign of life on the
   * store's clock, and its log.
   */
  private record Entry(JobSnapshot job, String exclusiveKey, String holder, long epoch, Instant aliveAt,
      List<LogLine> log) {
    Entry written(JobWrite write, Instant now) {
      return new Entry(CancelRequests.kept(job, write.state()), exclusiveKey, holder, epoch, now,
          appended(log, write.log()));
    }

    Entry alive(Instant now) {
      return new Entry(job, exclusiveKey, holder, epoch, now, log);
    }

    StoredJob stored() {
      return new StoredJob(job, holder, epoch);
    }

    boolean accepts(JobWrite write) {
      return !job.isFinished() && epoch == write.epoch() && job.version() < write.state().version();
    }
  }

  private final Clock clock;
  private final ConcurrentHashMap<String, Entry> jobs = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, String> keyHolders = new ConcurrentHashMap<>();
  private final IdIndex byOwner = new IdIndex();
  private final IdIndex byParent = new IdIndex();

  /**
   * Creates an empty store.
   *
   * @param clock the store's clock, for signs of life and staleness
   */
  public InMemoryJobStore(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public void insert(JobSnapshot job, String exclusiveKey, String nodeId) {
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(nodeId, "nodeId");
    String id = job.id();
    if (jobs.containsKey(id)) {
      throw duplicate(id);
    }
    // A job that is inserted already ended is not active, so it neither holds nor contests a key.
    String claimed = exclusiveKey != null && !job.isFinished() ? exclusiveKey : null;
    if (claimed != null) {
      claimKey(claimed, id);
    }
    Entry entry = new Entry(job, claimed, nodeId, JobWrite.FIRST_EPOCH, clock.instant(), List.of());
    if (jobs.putIfAbsent(id, entry) != null) {
      if (claimed != null) {
        keyHolders.remove(claimed, id);
      }
      throw duplicate(id);
    }
    byOwner.add(job.owner(), id);
    byParent.add(job.parentId(), id);
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
  public List<WriteConflict> update(List<JobWrite> writes) {
    requireNoNulls(writes, "writes");
    List<WriteConflict> conflicts = new ArrayList<>();
    for (JobWrite write : writes) {
      Entry[] refused = new Entry[1];
      boolean applied = write(write.state().id(), stored -> {
        if (stored.accepts(write)) {
          return stored.written(write, clock.instant());
        }
        refused[0] = stored;
        return null;
      });
      if (!applied) {
        conflicts.add(new WriteConflict(write, refused[0] == null ? null : refused[0].stored()));
      }
    }
    return conflicts;
  }

  /**
   * Replaces a stored job with what {@code change} makes of it, atomically; a null from {@code change} leaves it as
   * it is. A terminal state releases the job's key.
   */
  private boolean write(String id, UnaryOperator<Entry> change) {
    Entry[] applied = new Entry[1];
    jobs.computeIfPresent(id, (k, stored) -> {
      Entry next = change.apply(stored);
      if (next == null) {
        return stored;
      }
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
  public void heartbeat(String nodeId, Collection<String> ids) {
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(ids, "ids");
    Instant now = clock.instant();
    for (String id : ids) {
      jobs.computeIfPresent(id, (k, stored) -> stored.job().isFinished() || !stored.holder().equals(nodeId)
          ? stored
          : stored.alive(now));
    }
  }

  @Override
  public List<StoredJob> findStale(Duration staleAfter, int limit) {
    Objects.requireNonNull(staleAfter, "staleAfter");
    requireNonNegative(limit);
    Instant cutoff = clock.instant().minus(staleAfter);
    return jobs.values().stream()
        .filter(e -> isStale(e, cutoff))
        .sorted(Comparator.comparing(Entry::aliveAt).thenComparing(e -> e.job().id()))
        .limit(limit)
        .map(Entry::stored)
        .toList();
  }

  private static boolean isStale(Entry entry, Instant cutoff) {
    return !entry.job().isFinished() && entry.aliveAt().isBefore(cutoff);
  }

  @Override
  public List<JobSnapshot> takeOver(String nodeId, Duration staleAfter, List<JobWrite> endings) {
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(staleAfter, "staleAfter");
    requireNoNulls(endings, "endings");
    Instant now = clock.instant();
    Instant cutoff = now.minus(staleAfter);
    List<JobSnapshot> written = new ArrayList<>();
    for (JobWrite ending : endings) {
      JobSnapshot[] state = new JobSnapshot[1];
      boolean applied = write(ending.state().id(), stored -> {
        if (!isStale(stored, cutoff) || !stored.accepts(ending)) {
          return null;
        }
        state[0] = CancelRequests.kept(stored.job(), ending.state());
        return new Entry(state[0], stored.exclusiveKey(), nodeId, stored.epoch() + 1, now,
            appended(stored.log(), ending.log()));
      });
      if (applied) {
        written.add(state[0]);
      }
    }
    return written;
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
    Stream<Entry> candidates = candidates(filter);
    return candidates
        .map(Entry::job)
        .filter(filter::matches)
        .sorted(NEWEST_CREATED_FIRST)
        .limit(filter.limit())
        .toList();
  }

  /** The entries a filter can match: an owner's or a parent's from their index, else every one. */
  private Stream<Entry> candidates(JobFilter filter) {
    return filter.owner() != null ? entries(byOwner.ids(filter.owner()))
        : filter.parentId() != null ? entries(byParent.ids(filter.parentId()))
        : jobs.values().stream();
  }

  /** The stored entries of some ids; an id whose job was deleted meanwhile is left out. */
  private Stream<Entry> entries(Set<String> ids) {
    return ids.stream().map(jobs::get).filter(Objects::nonNull);
  }

  @Override
  public Optional<JobSnapshot> requestCancel(String id, String reason, Instant at) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(at, "at");
    Entry entry = jobs.computeIfPresent(id, (k, stored) -> stored.job().isFinished()
        ? stored
        : new Entry(CancelRequests.recorded(stored.job(), reason, at), stored.exclusiveKey(), stored.holder(),
            stored.epoch(), stored.aliveAt(), stored.log()));
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

  /** The log with an append applied: the dropped lines gone, the new ones added. */
  private static List<LogLine> appended(List<LogLine> log, LogAppend append) {
    if (append.isEmpty()) {
      return log;
    }
    List<LogLine> next = new ArrayList<>(log.size() + append.lines().size());
    for (LogLine line : log) {
      Long keptFrom = append.keptFrom().get(LogAppend.stepKey(line.step()));
      if (keptFrom == null || line.seq() >= keptFrom) {
        next.add(line);
      }
    }
    next.addAll(append.lines());
    return List.copyOf(next);
  }

  @Override
  public List<LogLine> readLog(String jobId, long afterSeq, int limit) {
    Objects.requireNonNull(jobId, "jobId");
    requireNonNegative(limit);
    Entry entry = jobs.get(jobId);
    if (entry == null) {
      return List.of();
    }
    return entry.log().stream().filter(line -> line.seq() > afterSeq).limit(limit).toList();
  }

  @Override
  public JobStats stats(JobFilter filter, Instant since) {
    Objects.requireNonNull(filter, "filter");
    Objects.requireNonNull(since, "since");
    Stream<Entry> candidates = candidates(filter);
    JobFilter anyStatus = filter.withStatuses(Set.of());
    JobStatsBuilder stats = new JobStatsBuilder(since);
    candidates.map(Entry::job)
        .filter(job -> job.isFinished() && !job.completedAt().isBefore(since) && anyStatus.matches(job))
        .forEach(stats::add);
    return stats.build();
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
      byOwner.remove(entry.job().owner(), entry.job().id());
      byParent.remove(entry.job().parentId(), entry.job().id());
      if (entry.exclusiveKey() != null) {
        keyHolders.remove(entry.exclusiveKey(), entry.job().id());
      }
    }
    return deleted.size();
  }

  private static boolean endedBefore(JobSnapshot job, Instant cutoff) {
    return job.isFinished() && job.completedAt() != null && job.completedAt().isBefore(cutoff);
  }

  /** Checks a whole batch before any of it is written, so a bad batch writes nothing. */
  private static void requireNoNulls(List<JobWrite> batch, String name) {
    Objects.requireNonNull(batch, name);
    for (JobWrite write : batch) {
      Objects.requireNonNull(write, name + " must not contain null");
    }
  }

  private static void requireNonNegative(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative, was " + limit);
    }
  }
}
