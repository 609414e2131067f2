package dev.headway;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A job as it was at one {@link #version()}: immutable, complete, and the wire contract of Headway.
 *
 * <p>Its JSON form ({@link dev.headway.json.JobJson}) uses exactly these field names. Fields that are unknown are
 * null.
 *
 * @param id the job's id: 22 URL-safe characters (128 random bits)
 * @param type what kind of work, for example {@code article}
 * @param owner the principal the job belongs to
 * @param tenant the owner's tenant, or null
 * @param parentId the bulk job this job is a child of, or null
 * @param status where the job is
 * @param percent the overall progress, 0–100; it never moves backwards
 * @param message the latest message, or null
 * @param step the name of the running (or last started) step, or null
 * @param steps the steps in order; empty for a job without named steps
 * @param done units done, or null when the job reports no units
 * @param total units in all, or null when unknown
 * @param children how the children are doing, or null for a job without children
 * @param eta when the job is expected to end, or null while there is not enough signal or once it has ended
 * @param elapsedMs milliseconds since it started (until it ended), or null before it started
 * @param stalled true when the job is running but its progress has not changed for a while
 * @param createdAt when it was created
 * @param startedAt when it started running, or null
 * @param updatedAt when this version was made
 * @param completedAt when it ended (in any terminal status), or null
 * @param error why it failed, or null
 * @param result the result as JSON text, or null
 * @param cancelRequested true once someone asked to cancel it
 * @param cancelReason the reason given with the cancel request, or null
 * @param attributes small string attributes given when the job was created
 * @param version grows with every change; orders events, and serves as SSE event id and HTTP ETag
 * @param exclusiveKey the key no other active job may hold while this one is active, or null
 * @param attempt 1 for a job started afresh, one more than its predecessor's for a {@linkplain
 *     ProgressTracker#retry retry}
 * @param retryOf the job this one retries, or null
 * @param logSeq the number of the job's latest {@linkplain Job#log log line}, 0 before its first; the lines
 *     themselves are not in the snapshot ({@link ProgressTracker#log})
 */
public record JobSnapshot(
    String id,
    String type,
    String owner,
    String tenant,
    String parentId,
    JobStatus status,
    double percent,
    String message,
    String step,
    List<StepSnapshot> steps,
    Long done,
    Long total,
    ChildCounts children,
    Eta eta,
    Long elapsedMs,
    boolean stalled,
    Instant createdAt,
    Instant startedAt,
    Instant updatedAt,
    Instant completedAt,
    JobError error,
    String result,
    boolean cancelRequested,
    String cancelReason,
    Map<String, String> attributes,
    long version,
    String exclusiveKey,
    int attempt,
    String retryOf,
    long logSeq) {

  /** Checks required fields and freezes the collections. */
  public JobSnapshot {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    if (!(percent >= 0 && percent <= 100)) {
      throw new IllegalArgumentException("percent must be within 0–100, was " + percent);
    }
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be >= 1, was " + attempt);
    }
    if (logSeq < 0) {
      throw new IllegalArgumentException("logSeq must be >= 0, was " + logSeq);
    }
    steps = steps == null ? List.of() : List.copyOf(steps);
    attributes = attributes == null || attributes.isEmpty()
        ? Map.of()
        : Collections.unmodifiableMap(new TreeMap<>(attributes));
  }

  /**
   * Creates the snapshot of a first attempt without an exclusive key or log lines, as before those fields existed.
   *
   * @param id see the record
   * @param type see the record
   * @param owner see the record
   * @param tenant see the record
   * @param parentId see the record
   * @param status see the record
   * @param percent see the record
   * @param message see the record
   * @param step see the record
   * @param steps see the record
   * @param done see the record
   * @param total see the record
   * @param children see the record
   * @param eta see the record
   * @param elapsedMs see the record
   * @param stalled see the record
   * @param createdAt see the record
   * @param startedAt see the record
   * @param updatedAt see the record
   * @param completedAt see the record
   * @param error see the record
   * @param result see the record
   * @param cancelRequested see the record
   * @param cancelReason see the record
   * @param attributes see the record
   * @param version see the record
   */
  public JobSnapshot(String id, String type, String owner, String tenant, String parentId, JobStatus status,
      double percent, String message, String step, List<StepSnapshot> steps, Long done, Long total,
      ChildCounts children, Eta eta, Long elapsedMs, boolean stalled, Instant createdAt, Instant startedAt,
      Instant updatedAt, Instant completedAt, JobError error, String result, boolean cancelRequested,
      String cancelReason, Map<String, String> attributes, long version) {
    this(id, type, owner, tenant, parentId, status, percent, message, step, steps, done, total, children, eta,
        elapsedMs, stalled, createdAt, startedAt, updatedAt, completedAt, error, result, cancelRequested,
        cancelReason, attributes, version, null, 1, null, 0);
  }

  /**
   * Returns whether the job has ended.
   *
   * @return true when the status is terminal
   */
  public boolean isFinished() {
    return status.isTerminal();
  }

  /**
   * Returns the step with the given name.
   *
   * @param name a step name
   * @return the step
   * @throws IllegalArgumentException naming the step when the job has no such step
   */
  public StepSnapshot step(String name) {
    for (StepSnapshot s : steps) {
      if (s.name().equals(name)) {
        return s;
      }
    }
    throw new IllegalArgumentException("job " + id + " has no step '" + name + "'");
  }

  /**
   * Returns a builder that starts from this snapshot, for stores and adapters that derive a new state from a stored
   * one (a cancel request, an ended abandoned job). Remember to give the new state a higher version.
   *
   * @return a builder holding every field of this snapshot
   */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Builds a {@link JobSnapshot} from an existing one with some fields changed; not thread-safe. */
  public static final class Builder {
    private String id;
    private String type;
    private String owner;
    private String tenant;
    private String parentId;
    private JobStatus status;
    private double percent;
    private String message;
    private String step;
    private List<StepSnapshot> steps;
    private Long done;
    private Long total;
    private ChildCounts children;
    private Eta eta;
    private Long elapsedMs;
    private boolean stalled;
    private Instant createdAt;
    private Instant startedAt;
    private Instant updatedAt;
    private Instant completedAt;
    private JobError error;
    private String result;
    private boolean cancelRequested;
    private String cancelReason;
    private Map<String, String> attributes;
    private long version;
    private String exclusiveKey;
    private int attempt;
    private String retryOf;
    private long logSeq;

    private Builder(JobSnapshot s) {
      this.id = s.id();
      this.type = s.type();
      this.owner = s.owner();
      this.tenant = s.tenant();
      this.parentId = s.parentId();
      this.status = s.status();
      this.percent = s.percent();
      this.message = s.message();
      this.step = s.step();
      this.done = s.done();
      this.total = s.total();
      this.children = s.children();
      this.eta = s.eta();
      this.elapsedMs = s.elapsedMs();
      this.stalled = s.stalled();
      this.createdAt = s.createdAt();
      this.startedAt = s.startedAt();
      this.updatedAt = s.updatedAt();
      this.completedAt = s.completedAt();
      this.error = s.error();
      this.result = s.result();
      this.cancelRequested = s.cancelRequested();
      this.cancelReason = s.cancelReason();
      this.version = s.version();
      this.exclusiveKey = s.exclusiveKey();
      this.attempt = s.attempt();
      this.retryOf = s.retryOf();
      this.logSeq = s.logSeq();
      this.steps = new ArrayList<>(s.steps());
      this.attributes = new LinkedHashMap<>(s.attributes());
    }

    /**
     * Sets the id.
     *
     * @param value the id
     * @return this builder
     */
    public Builder id(String value) {
      this.id = value;
      return this;
    }

    /**
     * Sets the job type.
     *
     * @param value the job type
     * @return this builder
     */
    public Builder type(String value) {
      this.type = value;
      return this;
    }

    /**
     * Sets the owner.
     *
     * @param value the owner
     * @return this builder
     */
    public Builder owner(String value) {
      this.owner = value;
      return this;
    }

    /**
     * Sets the tenant, or null.
     *
     * @param value the tenant, or null
     * @return this builder
     */
    public Builder tenant(String value) {
      this.tenant = value;
      return this;
    }

    /**
     * Sets the parent job, or null.
     *
     * @param value the parent job, or null
     * @return this builder
     */
    public Builder parentId(String value) {
      this.parentId = value;
      return this;
    }

    /**
     * Sets the status.
     *
     * @param value the status
     * @return this builder
     */
    public Builder status(JobStatus value) {
      this.status = value;
      return this;
    }

    /**
     * Sets the overall percent.
     *
     * @param value the overall percent
     * @return this builder
     */
    public Builder percent(double value) {
      this.percent = value;
      return this;
    }

    /**
     * Sets the message, or null.
     *
     * @param value the message, or null
     * @return this builder
     */
    public Builder message(String value) {
      this.message = value;
      return this;
    }

    /**
     * Sets the current step name, or null.
     *
     * @param value the current step name, or null
     * @return this builder
     */
    public Builder step(String value) {
      this.step = value;
      return this;
    }

    /**
     * Sets the steps.
     *
     * @param value the steps
     * @return this builder
     */
    public Builder steps(List<StepSnapshot> value) {
      this.steps = new ArrayList<>(value);
      return this;
    }

    /**
     * Sets units done, or null.
     *
     * @param value units done, or null
     * @return this builder
     */
    public Builder done(Long value) {
      this.done = value;
      return this;
    }

    /**
     * Sets units in all, or null.
     *
     * @param value units in all, or null
     * @return this builder
     */
    public Builder total(Long value) {
      this.total = value;
      return this;
    }

    /**
     * Sets the child counts, or null.
     *
     * @param value the child counts, or null
     * @return this builder
     */
    public Builder children(ChildCounts value) {
      this.children = value;
      return this;
    }

    /**
     * Sets the ETA, or null.
     *
     * @param value the ETA, or null
     * @return this builder
     */
    public Builder eta(Eta value) {
      this.eta = value;
      return this;
    }

    /**
     * Sets milliseconds since start, or null.
     *
     * @param value milliseconds since start, or null
     * @return this builder
     */
    public Builder elapsedMs(Long value) {
      this.elapsedMs = value;
      return this;
    }

    /**
     * Sets the stalled flag.
     *
     * @param value the stalled flag
     * @return this builder
     */
    public Builder stalled(boolean value) {
      this.stalled = value;
      return this;
    }

    /**
     * Sets the creation time.
     *
     * @param value the creation time
     * @return this builder
     */
    public Builder createdAt(Instant value) {
      this.createdAt = value;
      return this;
    }

    /**
     * Sets the start time, or null.
     *
     * @param value the start time, or null
     * @return this builder
     */
    public Builder startedAt(Instant value) {
      this.startedAt = value;
      return this;
    }

    /**
     * Sets the time of this version.
     *
     * @param value the time of this version
     * @return this builder
     */
    public Builder updatedAt(Instant value) {
      this.updatedAt = value;
      return this;
    }

    /**
     * Sets the end time, or null.
     *
     * @param value the end time, or null
     * @return this builder
     */
    public Builder completedAt(Instant value) {
      this.completedAt = value;
      return this;
    }

    /**
     * Sets the error, or null.
     *
     * @param value the error, or null
     * @return this builder
     */
    public Builder error(JobError value) {
      this.error = value;
      return this;
    }

    /**
     * Sets the result JSON, or null.
     *
     * @param value the result JSON, or null
     * @return this builder
     */
    public Builder result(String value) {
      this.result = value;
      return this;
    }

    /**
     * Sets whether a cancel was requested.
     *
     * @param value whether a cancel was requested
     * @return this builder
     */
    public Builder cancelRequested(boolean value) {
      this.cancelRequested = value;
      return this;
    }

    /**
     * Sets the cancel reason, or null.
     *
     * @param value the cancel reason, or null
     * @return this builder
     */
    public Builder cancelReason(String value) {
      this.cancelReason = value;
      return this;
    }

    /**
     * Sets the attributes.
     *
     * @param value the attributes
     * @return this builder
     */
    public Builder attributes(Map<String, String> value) {
      this.attributes = new LinkedHashMap<>(value);
      return this;
    }

    /**
     * Sets the version.
     *
     * @param value the version
     * @return this builder
     */
    public Builder version(long value) {
      this.version = value;
      return this;
    }

    /**
     * Sets the exclusive key, or null.
     *
     * @param value the key, or null
     * @return this builder
     */
    public Builder exclusiveKey(String value) {
      this.exclusiveKey = value;
      return this;
    }

    /**
     * Sets the attempt number.
     *
     * @param value 1 or more
     * @return this builder
     */
    public Builder attempt(int value) {
      this.attempt = value;
      return this;
    }

    /**
     * Sets the job this one retries, or null.
     *
     * @param value the earlier attempt's id, or null
     * @return this builder
     */
    public Builder retryOf(String value) {
      this.retryOf = value;
      return this;
    }

    /**
     * Sets the number of the latest log line.
     *
     * @param value 0 or more
     * @return this builder
     */
    public Builder logSeq(long value) {
      this.logSeq = value;
      return this;
    }

    /**
     * Appends a step.
     *
     * @param value the step
     * @return this builder
     */
    public Builder addStep(StepSnapshot value) {
      steps.add(value);
      return this;
    }

    /**
     * Sets one attribute.
     *
     * @param name the attribute's name
     * @param value its value
     * @return this builder
     */
    public Builder attribute(String name, String value) {
      attributes.put(name, value);
      return this;
    }

    /**
     * Builds the snapshot.
     *
     * @return the snapshot
     * @throws IllegalArgumentException or NullPointerException when a field is invalid
     */
    public JobSnapshot build() {
      return new JobSnapshot(id, type, owner, tenant, parentId, status, percent, message, step, steps, done, total, children, eta, elapsedMs, stalled, createdAt, startedAt, updatedAt, completedAt, error, result, cancelRequested, cancelReason, attributes, version, exclusiveKey, attempt, retryOf, logSeq);
    }
  }
}
