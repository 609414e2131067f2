package dev.headway.spring;

import dev.headway.JobFilter;
import dev.headway.ProgressTracker;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/** {@code headway} in Actuator's health: up when the tracker's store answers a read. */
public class HeadwayHealthIndicator extends AbstractHealthIndicator {
  private final ProgressTracker tracker;

  /**
   * Creates the indicator.
   *
   * @param tracker the tracker whose store is checked
   */
  public HeadwayHealthIndicator(ProgressTracker tracker) {
    super("Headway's store is not reachable");
    this.tracker = tracker;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    long start = System.nanoTime();
    tracker.list(JobFilter.all().withLimit(1));
    builder.up().withDetail("storeReadMillis", (System.nanoTime() - start) / 1_000_000);
  }
}
