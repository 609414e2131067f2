package dev.headway.internal;

import dev.headway.AccessPolicy;
import dev.headway.Job;
import dev.headway.JobFilter;
import dev.headway.JobListener;
import dev.headway.JobSnapshot;
import dev.headway.JobSpec;
import dev.headway.ProgressTracker;
import dev.headway.Subscription;
import dev.headway.spi.EtaEstimator;
import dev.headway.spi.JobStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/** Placeholder while the tracker is written. */
public final class RealProgressTracker implements ProgressTracker {
  /** Settings. */
  public record Settings(JobStore store, Clock clock, ScheduledExecutorService scheduler, Executor executor,
      EtaEstimator etaEstimator, AccessPolicy accessPolicy, Duration flushInterval, Duration keepCompleted,
      Duration keepFailed, Duration stallAfter, Duration retention) {}

  public RealProgressTracker(Settings settings) {}

  @Override public Job start(JobSpec spec) { throw new UnsupportedOperationException(); }
  @Override public Optional<JobSnapshot> find(String id) { throw new UnsupportedOperationException(); }
  @Override public List<JobSnapshot> list(JobFilter filter) { throw new UnsupportedOperationException(); }
  @Override public Subscription subscribe(String jobId, JobListener listener) { throw new UnsupportedOperationException(); }
  @Override public Subscription subscribe(JobFilter filter, JobListener listener) { throw new UnsupportedOperationException(); }
  @Override public JobSnapshot cancel(String id, String reason) { throw new UnsupportedOperationException(); }
  @Override public AccessPolicy accessPolicy() { throw new UnsupportedOperationException(); }
  @Override public void flush() { throw new UnsupportedOperationException(); }
  @Override public void close() {}
}
