package dev.headway;

/** A listener's registration; close it to stop the calls. */
public interface Subscription extends AutoCloseable {
  /**
   * Stops further calls; an event being delivered right now may still finish. Idempotent.
   */
  @Override
  void close();

  /**
   * Returns whether this subscription still delivers events.
   *
   * @return false once closed, or once the watched job has ended and its terminal event was delivered
   */
  boolean isActive();
}
