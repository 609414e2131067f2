package dev.headway.micrometer;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A tag's allowed values: a fixed set, or the first ones seen up to a cap; anything else is {@code other}. */
final class TagValues {
  private final Set<String> known;
  private final int cap;

  private TagValues(Set<String> known, int cap) {
    this.known = known;
    this.cap = cap;
  }

  static TagValues only(Set<String> values) {
    return new TagValues(Set.copyOf(values), 0);
  }

  static TagValues firstSeen(int cap) {
    return new TagValues(ConcurrentHashMap.newKeySet(), cap);
  }

  /** Returns the tag value for a value: itself when allowed, else {@code other}. */
  String of(String value) {
    if (known.contains(value)) {
      return value;
    }
    if (cap > 0) {
      synchronized (this) {
        if (known.size() < cap) {
          known.add(value);
          return value;
        }
      }
    }
    return HeadwayMetrics.OTHER;
  }
}
