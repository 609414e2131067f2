package dev.headway.internal;

import dev.headway.StepSnapshot;
import dev.headway.StepStatus;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Instant;

/**
 * The live state of one step (or of the single implicit step of a job without steps).
 *
 * <p>Progress fields are written lock-free by workers; status fields are written under the job's lock.
 */
final class StepState {
  private static final VarHandle DONE;

  static {
    try {
      DONE = MethodHandles.lookup().findVarHandle(StepState.class, "done", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static final long UNKNOWN = -1;

  final String name;
  final double weight;

  private volatile long done;
  private volatile long total = UNKNOWN;
  private volatile double fraction = Double.NaN;
  volatile StepStatus status = StepStatus.PENDING;
  volatile String message;

  /** The completed step's result JSON, or null; true below when an earlier attempt completed it. */
  volatile String result;
  volatile boolean carriedOver;

  // Written under the job's lock.
  Instant startedAt;
  Instant completedAt;
  String error;

  StepState(String name, double weight, Long total) {
    this.name = name;
    this.weight = weight;
    if (total != null) {
      this.total = total;
    }
  }

  void advance(long units) {
    // One atomic add (not a compare-and-set loop) keeps contended workers at the cost of a bare counter. An add
    // that overshoots a known total is taken back before it throws; readers clamp a step's fraction to 1.
    long next = (long) DONE.getAndAdd(this, units) + units;
    long limit = total;
    if (limit != UNKNOWN && next > limit) {
      DONE.getAndAdd(this, -units);
      throw new IllegalArgumentException(
          "advancing by " + units + " would make done " + next + ", above the total " + limit + describe());
    }
  }

  void progress(long newDone, long newTotal) {
    if (newDone < 0 || newTotal < 0) {
      throw new IllegalArgumentException("done and total must be >= 0, were " + newDone + " and " + newTotal);
    }
    if (newDone > newTotal) {
      throw new IllegalArgumentException("done " + newDone + " is above total " + newTotal + describe());
    }
    fraction = Double.NaN;
    total = newTotal;
    done = newDone;
  }

  void progress(double newFraction) {
    if (!(newFraction >= 0 && newFraction <= 1)) {
      throw new IllegalArgumentException("a fraction must be within 0.0–1.0, was " + newFraction + describe());
    }
    total = UNKNOWN;
    fraction = newFraction;
  }

  /**
   * Returns how far this step is, 0–1: a completed step counts whole, a failed or skipped one by the work it really
   * did (a step skipped before it started counts nothing), so a job that fails or is cancelled shows the work done.
   */
  double fraction() {
    StepStatus s = status;
    if (s == StepStatus.COMPLETED) {
      return 1;
    }
    if (s == StepStatus.PENDING) {
      return 0;
    }
    long t = total;
    if (t > 0) {
      return Math.min(1, (double) done / t);
    }
    double f = fraction;
    return Double.isNaN(f) ? 0 : f;
  }

  /** Returns a number that changes whenever this step's progress changes, for stall detection. */
  long progressMark() {
    return ((done * 31 + total) * 31 + Double.doubleToLongBits(fraction)) * 31 + status.ordinal();
  }

  Long doneOrNull() {
    long d = done;
    return d > 0 || total != UNKNOWN ? d : null;
  }

  Long totalOrNull() {
    long t = total;
    return t == UNKNOWN ? null : t;
  }

  StepSnapshot snapshot() {
    return new StepSnapshot(name, weight, status, Percent.of(fraction()), doneOrNull(), totalOrNull(), message,
        startedAt, completedAt, error, result, carriedOver);
  }

  /** Takes over a step an earlier attempt completed, as it was. */
  void carryOver(StepSnapshot earlier) {
    status = StepStatus.COMPLETED;
    startedAt = earlier.startedAt();
    completedAt = earlier.completedAt();
    message = earlier.message();
    result = earlier.result();
    carriedOver = true;
  }

  /** Makes a carried-over step pending again, for a worker that runs it anyway. */
  void forgetCarriedOver() {
    status = StepStatus.PENDING;
    startedAt = null;
    completedAt = null;
    message = null;
    result = null;
    carriedOver = false;
  }

  private String describe() {
    return name == null ? "" : " in step '" + name + "'";
  }
}
