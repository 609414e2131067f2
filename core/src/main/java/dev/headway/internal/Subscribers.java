package dev.headway.internal;

import dev.headway.JobEvent;
import dev.headway.JobEventType;
import dev.headway.JobFilter;
import dev.headway.JobListener;
import dev.headway.JobSnapshot;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The tracker's subscriptions, indexed so an event reaches only the subscribers that may want it: by job id, by
 * owner, and the rest (filters that name no owner), which see every event.
 */
final class Subscribers {
  private final Executor executor;
  private final ConcurrentHashMap<String, CopyOnWriteArrayList<RealSubscription>> byJob = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, CopyOnWriteArrayList<RealSubscription>> byOwner =
      new ConcurrentHashMap<>();
  private final CopyOnWriteArrayList<RealSubscription> unindexed = new CopyOnWriteArrayList<>();
  private final AtomicInteger count = new AtomicInteger();

  Subscribers(Executor executor) {
    this.executor = executor;
  }

  /** Subscribes a listener to one job's events. */
  RealSubscription addForJob(String jobId, JobListener listener) {
    return add(byJob, jobId, listener, jobId, null);
  }

  /** Subscribes a listener to the events of the jobs a filter matches. */
  RealSubscription addForFilter(JobFilter filter, JobListener listener) {
    if (filter.owner() != null) {
      return add(byOwner, filter.owner(), listener, null, filter);
    }
    RealSubscription[] holder = new RealSubscription[1];
    RealSubscription sub = new RealSubscription(listener, null, filter, executor, () -> {
      if (unindexed.remove(holder[0])) {
        count.decrementAndGet();
      }
    });
    holder[0] = sub;
    unindexed.add(sub);
    count.incrementAndGet();
    return sub;
  }

  private RealSubscription add(ConcurrentHashMap<String, CopyOnWriteArrayList<RealSubscription>> index, String key,
      JobListener listener, String jobId, JobFilter filter) {
    RealSubscription[] holder = new RealSubscription[1];
    RealSubscription sub = new RealSubscription(listener, jobId, filter, executor,
        () -> index.computeIfPresent(key, (k, list) -> {
          if (list.remove(holder[0])) {
            count.decrementAndGet();
          }
          return list.isEmpty() ? null : list;
        }));
    holder[0] = sub;
    index.compute(key, (k, list) -> {
      CopyOnWriteArrayList<RealSubscription> subs = list != null ? list : new CopyOnWriteArrayList<>();
      subs.add(sub);
      return subs;
    });
    count.incrementAndGet();
    return sub;
  }

  /** Returns whether anyone listens at all: with no one, a worker's progress builds no snapshots. */
  boolean any() {
    return count.get() > 0;
  }

  /** Offers an event to every subscriber whose job or filter matches it. */
  void publish(JobEventType type, JobSnapshot snap) {
    if (!any()) {
      return;
    }
    JobEvent event = new JobEvent(type, snap);
    offerAll(byJob.get(snap.id()), event);
    offerAll(byOwner.get(snap.owner()), event);
    offerAll(unindexed, event);
  }

  private static void offerAll(List<RealSubscription> subs, JobEvent event) {
    if (subs != null) {
      for (RealSubscription sub : subs) {
        if (sub.matches(event)) {
          sub.offer(event);
        }
      }
    }
  }

  /** Returns whether a subscriber here may want a job's changes: one follows it by id, or follows a filter. */
  boolean follow(String id) {
    return byJob.containsKey(id) || !byOwner.isEmpty() || !unindexed.isEmpty();
  }

  /** Returns the ids of the jobs subscribers follow by id. */
  Set<String> followedIds() {
    return new HashSet<>(byJob.keySet());
  }

  /** Returns the owners whose jobs a subscriber here follows through an owner filter. */
  Set<String> followedOwners() {
    return Set.copyOf(byOwner.keySet());
  }
}
