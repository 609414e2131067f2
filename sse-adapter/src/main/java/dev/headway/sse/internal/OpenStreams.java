package dev.headway.sse.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The open streams of one set of endpoints: who holds how many (to enforce the cap per principal), and the list the
 * heartbeat walks. Anonymous callers share one count.
 */
final class OpenStreams {
  private final int maxPerPrincipal;
  // Guarded by this.
  private final Map<Optional<String>, Integer> counts = new HashMap<>();
  private final Map<EventStream, Optional<String>> owners = new HashMap<>();

  OpenStreams(int maxPerPrincipal) {
    this.maxPerPrincipal = maxPerPrincipal;
  }

  /**
   * Registers a stream if its caller is under the cap.
   *
   * @return false when the caller already holds the most streams allowed
   */
  synchronized boolean tryAdd(String principal, EventStream stream) {
    Optional<String> key = Optional.ofNullable(principal);
    int held = counts.getOrDefault(key, 0);
    if (held >= maxPerPrincipal) {
      return false;
    }
    counts.put(key, held + 1);
    owners.put(stream, key);
    return true;
  }

  /** Forgets a closed stream and gives its caller the slot back. */
  synchronized void remove(EventStream stream) {
    Optional<String> key = owners.remove(stream);
    if (key != null) {
      counts.computeIfPresent(key, (k, n) -> n == 1 ? null : n - 1);
    }
  }

  synchronized int size() {
    return owners.size();
  }

  /** A copy to walk without holding the lock: the streams' own locks are taken while walking. */
  synchronized List<EventStream> all() {
    return List.copyOf(owners.keySet());
  }
}
