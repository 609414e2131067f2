package dev.headway;

import java.time.Instant;
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
    long version) {

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
    steps = steps == null ? List.of() : List.copyOf(steps);
    attributes = attributes == null || attributes.isEmpty()
        ? Map.of()
        : Collections.unmodifiableMap(new TreeMap<>(attributes));
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
}
