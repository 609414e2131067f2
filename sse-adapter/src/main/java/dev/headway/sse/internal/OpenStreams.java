package dev.headway.sse.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the open streams and waiting long-polls of one set of endpoints hold: a slot each, counted per caller and in
 * all, and for a stream opened with a client token, which stream that token names. Anonymous callers share one count.
 */
final class OpenStreams {
  /** Whether a stream or long-poll may start. */
  enum Admission {
    /** It holds a slot now. */
    ADMITTED,
    /** The caller holds the most slots allowed per caller. */
    CALLER_FULL,
    /** The endpoints hold the most slots allowed in all. */
    ALL_FULL
  }

  /** A caller's client token: a browser's one connection, which a newer one with the same token replaces. */
  private record ClientKey(Optional<String> principal, String token) {}

  private final int maxPerPrincipal;
  private final int maxInAll;
  // Guarded by this.
  private final Map<Optional<String>, Integer> counts = new HashMap<>();
  private final Map<Object, Optional<String>> holders = new LinkedHashMap<>();
  private final Map<ClientKey, EventStream> byClient = new HashMap<>();
  private final Map<EventStream, ClientKey> clientOf = new HashMap<>();

  OpenStreams(int maxPerPrincipal, int maxInAll) {
    this.maxPerPrincipal = maxPerPrincipal;
    this.maxInAll = maxInAll;
  }

  /**
   * Gives a long-poll a slot if its caller and the endpoints are under their caps.
   *
   * @param principal the caller, or null for anonymous
   * @param holder what holds the slot until {@link #remove}
   * @return whether it may start, and if not, which cap it met
   */
  synchronized Admission tryAdd(String principal, Object holder) {
    return admit(Optional.ofNullable(principal), holder, 0);
  }

  /**
   * Gives a stream a slot if its caller and the endpoints are under their caps. A stream with a client token takes
   * the place of the caller's stream with the same token, which the caller must then close.
   *
   * @param principal the caller, or null for anonymous
   * @param stream the stream
   * @param token the client token, or null for none
   * @param replaced receives the stream this one replaces, if admitted and there is one
   * @return whether it may start, and if not, which cap it met
   */
  synchronized Admission tryAdd(String principal, EventStream stream, String token, List<EventStream> replaced) {
    Optional<String> caller = Optional.ofNullable(principal);
    ClientKey key = token == null ? null : new ClientKey(caller, token);
    EventStream previous = key == null ? null : byClient.get(key);
    Admission admission = admit(caller, stream, previous == null ? 0 : 1);
    if (admission == Admission.ADMITTED && key != null) {
      byClient.put(key, stream);
      clientOf.put(stream, key);
      if (previous != null) {
        clientOf.remove(previous);
        replaced.add(previous);
      }
    }
    return admission;
  }

  private Admission admit(Optional<String> caller, Object holder, int leaving) {
    int held = counts.getOrDefault(caller, 0) - leaving;
    if (held >= maxPerPrincipal) {
      return Admission.CALLER_FULL;
    }
    if (holders.size() - leaving >= maxInAll) {
      return Admission.ALL_FULL;
    }
    counts.merge(caller, 1, Integer::sum);
    holders.put(holder, caller);
    return Admission.ADMITTED;
  }

  /** Gives back a closed stream's or answered long-poll's slot. Idempotent. */
  synchronized void remove(Object holder) {
    Optional<String> caller = holders.remove(holder);
    if (caller != null) {
      counts.computeIfPresent(caller, (k, n) -> n == 1 ? null : n - 1);
    }
    ClientKey key = holder instanceof EventStream s ? clientOf.remove(s) : null;
    if (key != null && Objects.equals(byClient.get(key), holder)) {
      byClient.remove(key);
    }
  }

  /** Returns how many open streams there are (long-polls not counted). */
  synchronized int streams() {
    return all().size();
  }

  /** A copy to walk without holding the lock: the streams' own locks are taken while walking. */
  synchronized List<EventStream> all() {
    List<EventStream> streams = new ArrayList<>();
    for (Object holder : holders.keySet()) {
      if (holder instanceof EventStream s) {
        streams.add(s);
      }
    }
    return streams;
  }
}
