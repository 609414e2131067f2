package dev.headway.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ids of the in-memory store's jobs grouped by one of their fields (owner, parent), so that a filter on that
 * field reads one group instead of every job.
 */
final class IdIndex {
  private final ConcurrentHashMap<String, Set<String>> groups = new ConcurrentHashMap<>();

  /** Adds a job to its group; a null key groups nothing. */
  void add(String key, String id) {
    if (key != null) {
      groups.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(id);
    }
  }

  /** Removes a job from its group, and the group once it is empty. */
  void remove(String key, String id) {
    if (key != null) {
      groups.computeIfPresent(key, (k, ids) -> ids.remove(id) && ids.isEmpty() ? null : ids);
    }
  }

  /** Returns the ids in a group: a live view, empty when there are none. */
  Set<String> ids(String key) {
    return groups.getOrDefault(key, Set.of());
  }
}
