package dev.headway.spring;

import dev.headway.JobFilter;
import dev.headway.ProgressTracker;
import dev.headway.TrackerHealth;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * {@code headway} in Actuator's health: up when the store answers a read, its last write succeeded and the cluster
 * bus is connected; the details name the write backlog.
 */
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
    tracker.list(JobFilter.all().withLimit(1)); // throws when the store is unreachable: reported down
    TrackerHealth health = tracker.health();
    (health.isHealthy() ? builder.up() : builder.down())
        .withDetail("storeReadMillis", (System.nanoTime() - start) / 1_000_000)
        .withDetail("storeWritable", health.storeWritable())
        .withDetail("writeBacklog", health.writeBacklog())
        .withDetail("busConnected", health.busConnected())
        .withDetail("stalledJobs", health.stalledJobs());
  }
}
