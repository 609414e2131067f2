package dev.headway.internal;

import dev.headway.Eta;
import dev.headway.JobSnapshot;
import dev.headway.JobStatus;
import dev.headway.spi.EtaEstimator;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tracker's ETAs: each job's estimate starts from the recent completed runs of its type, and every call into the
 * user's estimator is guarded, so an estimator that throws costs a job its ETA, never its progress.
 */
final class JobEtas {
  private static final Logger LOG = LoggerFactory.getLogger(JobEtas.class);

  private final EtaEstimator estimator;
  private final RunHistories histories;

  JobEtas(EtaEstimator estimator, RunHistories histories) {
    this.estimator = estimator;
    this.histories = histories;
  }

  /** Starts the estimate of a job of a type that starts running; null when the estimator could not. */
  EtaEstimator.JobEstimate begin(String type) {
    try {
      return estimator.begin(histories.recent(type));
    } catch (RuntimeException e) {
      LOG.warn("ETA estimator could not start for a job of type {}; it shows no ETA", type, e);
      return null;
    }
  }

  /** Returns a running job's ETA in a state, or null when there is none or the estimator threw. */
  Eta estimate(EtaEstimator.JobEstimate estimate, JobSnapshot snap, Instant now) {
    try {
      return estimate.estimate(snap, now);
    } catch (RuntimeException e) {
      LOG.warn("ETA estimator threw for job {}; it shows no ETA this time", snap.id(), e);
      return null;
    }
  }

  /** Takes a job's end into account: a completed run is history the next job of its type starts from. */
  void ended(JobSnapshot end) {
    if (end.status() == JobStatus.COMPLETED) {
      histories.forget(end.type());
    }
  }
}
