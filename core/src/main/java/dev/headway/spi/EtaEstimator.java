package dev.headway.spi;

import dev.headway.Eta;
import dev.headway.JobSnapshot;
import dev.headway.internal.SmoothedEtaEstimator;
import java.time.Instant;
import java.util.List;

/**
 * Estimates when running jobs will end. The tracker calls {@link #begin} once per job when it starts running and
 * then asks the returned {@link JobEstimate} each time it publishes the job's state.
 *
 * <p>Calls for one job are serialized; different jobs may be estimated concurrently. An exception thrown here is
 * logged and the job is shown without an ETA.
 */
public interface EtaEstimator {

  /**
   * Returns the default estimator: the running step (or job) forecast by models of its pace — its average, its
   * recent moving average, the history of earlier jobs of the same type — each trusted as far as its earlier
   * forecasts of this job came true, and the steps to come from history. It shows an ETA from the start with
   * history, from the first progress without, never zero or negative time, with a range and a measured confidence.
   *
   * @return the estimator
   */
  static EtaEstimator smoothed() {
    return new SmoothedEtaEstimator();
  }

  /**
   * Starts estimating one job.
   *
   * @param history recent completed runs of the same type, newest first; may be empty
   * @return the job's estimate, which may keep state between calls
   */
  JobEstimate begin(List<JobRun> history);

  /** The running estimate of one job. */
  interface JobEstimate {
    /**
     * Returns the job's ETA now.
     *
     * @param job the job's state (its {@code eta} field is not filled in yet)
     * @param now the current time; never earlier than at the previous call
     * @return the estimate, or null when there is not enough signal
     */
    Eta estimate(JobSnapshot job, Instant now);
  }
}
