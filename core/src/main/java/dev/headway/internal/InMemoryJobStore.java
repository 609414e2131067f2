package dev.headway.internal;

import dev.headway.JobFilter;
import dev.headway.JobSnapshot;
import dev.headway.spi.JobRun;
import dev.headway.spi.JobStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Placeholder until the in-memory store lands. */
public final class InMemoryJobStore implements JobStore {
  @Override
  public void insert(JobSnapshot job, String exclusiveKey) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void update(List<JobSnapshot> jobs) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Optional<JobSnapshot> find(String id) {
    throw new UnsupportedOperationException();
  }

  @Override
  public List<JobSnapshot> list(JobFilter filter) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Optional<JobSnapshot> requestCancel(String id, String reason, Instant at) {
    throw new UnsupportedOperationException();
  }

  @Override
  public List<JobRun> recentRuns(String type, int limit) {
    throw new UnsupportedOperationException();
  }

  @Override
  public int deleteEndedBefore(Instant cutoff, int limit) {
    throw new UnsupportedOperationException();
  }
}
