package dev.headway.internal;

import dev.headway.ExclusiveKeyException;
import dev.headway.Job;
import dev.headway.JobNotFoundException;
import dev.headway.JobSnapshot;
import dev.headway.JobSpec;
import dev.headway.JobStatus;
import dev.headway.ProgressTracker;
import dev.headway.RetryHandler;
import dev.headway.RetryRefusedException;
import dev.headway.StepSnapshot;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries ended jobs as new attempts ({@link ProgressTracker#retry}): checks who asks and what may be retried,
 * starts the attempt under the job's exclusive key (or a key of the retried job's own), so a second request while
 * the attempt is active gets that attempt, and hands it to the type's {@link RetryHandler}.
 */
final class Retries {
  private static final Logger LOG = LoggerFactory.getLogger(Retries.class);

  private final ProgressTracker tracker;
  private final Map<String, RetryHandler> handlers;
  private final BiFunction<JobSpec, JobSnapshot, Job> startAttempt;
  private final BooleanSupplier closed;

  /**
   * @param tracker where jobs are found
   * @param handlers the handler of each retryable type
   * @param startAttempt starts a job that carries an earlier attempt's completed steps
   * @param closed whether the tracker is closed
   */
  Retries(ProgressTracker tracker, Map<String, RetryHandler> handlers,
      BiFunction<JobSpec, JobSnapshot, Job> startAttempt, BooleanSupplier closed) {
    this.tracker = tracker;
    this.handlers = handlers;
    this.startAttempt = startAttempt;
    this.closed = closed;
  }

  JobSnapshot retry(String id, String principal) {
    JobSnapshot previous = tracker.find(id)
        .filter(job -> Policies.canRetry(tracker.accessPolicy(), principal, job))
        .orElseThrow(() -> new JobNotFoundException(id));
    if (!previous.isFinished()) {
      throw new RetryRefusedException(RetryRefusedException.Reason.ACTIVE, id, "job " + id + " is still "
          + previous.status().wireName() + "; only a failed or cancelled job can be retried");
    }
    if (previous.status() == JobStatus.COMPLETED) {
      throw new RetryRefusedException(RetryRefusedException.Reason.COMPLETED, id,
          "job " + id + " completed; only a failed or cancelled job can be retried");
    }
    RetryHandler handler = handlers.get(previous.type());
    if (handler == null) {
      throw new RetryRefusedException(RetryRefusedException.Reason.NO_HANDLER, id,
          "jobs of type '" + previous.type() + "' cannot be retried: no retry handler is registered for the type");
    }
    JobSpec spec = specOf(previous, activeParent(previous));
    // Twice at most: an attempt that ended between the conflict and the look has freed the key.
    for (int round = 0; round < 2; round++) {
      Job attempt;
      try {
        attempt = startAttempt.apply(spec, previous);
      } catch (IllegalStateException e) {
        if (closed.getAsBoolean()) {
          throw e;
        }
        // The tracker is open and the parent was found active: it is sealed.
        throw new RetryRefusedException(RetryRefusedException.Reason.PARENT_CLOSED, id,
            "the bulk job of job " + id + " takes no more children: " + e.getMessage());
      } catch (ExclusiveKeyException e) {
        Optional<JobSnapshot> holder = tracker.find(e.activeJobId());
        if (holder.isPresent() && !holder.get().isFinished()) {
          if (id.equals(holder.get().retryOf())) {
            return holder.get();
          }
          throw new RetryRefusedException(RetryRefusedException.Reason.KEY_BUSY, id,
              "another active job holds the exclusive key of job " + id + "; retry it once that job ends");
        }
        continue;
      }
      return handOver(handler, attempt, previous);
    }
    throw new RetryRefusedException(RetryRefusedException.Reason.KEY_BUSY, id,
        "the exclusive key of job " + id + " is contended; try again");
  }

  private static JobSnapshot handOver(RetryHandler handler, Job attempt, JobSnapshot previous) {
    try {
      handler.retry(attempt, previous);
    } catch (RuntimeException e) {
      LOG.warn("the retry handler for type '{}' threw; attempt {} of job {} fails", previous.type(), attempt.id(),
          previous.id(), e);
      try {
        attempt.fail("the retry handler failed: " + e, e);
      } catch (RuntimeException alreadyEnded) {
        // The handler ended the attempt itself before throwing: that state stands.
      }
    }
    return attempt.snapshot();
  }

  /** The job's parent if it is still active: a child of an ended bulk job is retried on its own. */
  private String activeParent(JobSnapshot previous) {
    String parentId = previous.parentId();
    return parentId != null && tracker.find(parentId).filter(parent -> !parent.isFinished()).isPresent()
        ? parentId : null;
  }

  /** The spec of a new attempt: what the earlier one was, under its key or, lacking one, a key of its own. */
  private static JobSpec specOf(JobSnapshot previous, String parentId) {
    JobSpec.Builder spec = JobSpec.builder(previous.type(), previous.owner())
        .exclusiveKey(previous.exclusiveKey() != null ? previous.exclusiveKey() : "retry:" + previous.id());
    if (previous.tenant() != null) {
      spec.tenant(previous.tenant());
    }
    if (parentId != null) {
      spec.parent(parentId);
    }
    previous.attributes().forEach(spec::attribute);
    for (StepSnapshot step : previous.steps()) {
      spec.step(step.name(), step.weight());
    }
    if (previous.steps().isEmpty() && previous.total() != null) {
      spec.total(previous.total());
    }
    return spec.build();
  }
}
