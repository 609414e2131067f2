package dev.headway.internal;

import dev.headway.ChildCounts;
import dev.headway.JobStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * A bulk job's children as its parent sees them: how many there are and will be, whether more may come, their
 * counts by status, and the work they did.
 *
 * <p>Not thread-safe: the parent uses it under its own lock. It reads its children's volatile fields only, never
 * their locks, so no lock is ever taken parent → child.
 */
final class JobChildren {
  private final int expected;
  private final List<RealJob> children = new ArrayList<>();
  private boolean sealed;

  /**
   * @param expected how many children the parent declared it will have, or 0
   */
  JobChildren(int expected) {
    this.expected = expected;
  }

  /** Whether the parent shows children at all: it has some, or declared some. */
  boolean any() {
    return !children.isEmpty() || expected > 0;
  }

  /** Adds a child; the n-th of n expected children seals the parent. */
  void add(RealJob child) {
    children.add(child);
    if (expected > 0 && children.size() >= expected) {
      sealed = true;
    }
  }

  /** Takes back a child whose creation failed. */
  void remove(RealJob child) {
    children.remove(child);
    if (children.size() < expected) {
      sealed = false;
    }
  }

  /** Declares that no more children come: the parent ends with its last child. */
  void seal() {
    sealed = true;
  }

  boolean sealed() {
    return sealed;
  }

  /** Returns the children that have not ended. */
  List<RealJob> active() {
    List<RealJob> active = new ArrayList<>();
    for (RealJob child : children) {
      if (!child.status().isTerminal()) {
        active.add(child);
      }
    }
    return active;
  }

  /** Counts the children by status; the total includes expected children not created yet. */
  ChildCounts counts() {
    ChildTally tally = new ChildTally();
    for (RealJob child : children) {
      tally.add(child.status());
    }
    return tally.counts(sealed && expected == 0 ? children.size() : Math.max(children.size(), expected));
  }

  /**
   * Returns how far the children are together, 0–1: each counts by the work it really did, so a child that failed
   * or was cancelled halfway counts half, and one that never started counts nothing.
   */
  double fraction() {
    double sum = 0;
    for (RealJob child : children) {
      sum += child.status() == JobStatus.COMPLETED ? 1 : child.workFraction();
    }
    return sum / Math.max(children.size(), expected);
  }
}
