package dev.headway;

/**
 * How the children of a bulk job are doing: "X of Y completed".
 *
 * <p>{@code total} may exceed the sum of the others when the parent declared more children than have been
 * created so far.
 *
 * @param total the number of children the parent has or expects
 * @param queued children waiting to start
 * @param running children running
 * @param completed children that completed
 * @param failed children that failed
 * @param cancelled children that were cancelled
 */
public record ChildCounts(int total, int queued, int running, int completed, int failed, int cancelled) {
  /** Checks that no count is negative and that the parts fit in the total. */
  public ChildCounts {
    if (total < 0 || queued < 0 || running < 0 || completed < 0 || failed < 0 || cancelled < 0) {
      throw new IllegalArgumentException("child counts cannot be negative");
    }
    if (queued + running + completed + failed + cancelled > total) {
      throw new IllegalArgumentException("child counts add up to more than the total " + total);
    }
  }

  /**
   * Returns the number of children that have ended, whatever the outcome.
   *
   * @return completed + failed + cancelled
   */
  public int ended() {
    return completed + failed + cancelled;
  }
}
