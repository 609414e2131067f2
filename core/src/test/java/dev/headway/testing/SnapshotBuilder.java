package dev.headway.testing;

import dev.headway.ChildCounts;
import dev.headway.Eta;
import dev.headway.JobError;
import dev.headway.JobSnapshot;
import dev.headway.JobStatus;
import dev.headway.StepSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds {@link JobSnapshot}s for tests without spelling out all 26 fields. */
public final class SnapshotBuilder {
  private String id = "job-1";
  private String type = "article";
  private String owner = "alice";
  private String tenant;
  private String parentId;
  private JobStatus status = JobStatus.RUNNING;
  private double percent;
  private String message;
  private String step;
  private List<StepSnapshot> steps = new ArrayList<>();
  private Long done;
  private Long total;
  private ChildCounts children;
  private Eta eta;
  private Long elapsedMs;
  private boolean stalled;
  private Instant createdAt = Instant.parse("2026-01-01T00:00:00Z");
  private Instant startedAt = createdAt;
  private Instant updatedAt = createdAt;
  private Instant completedAt;
  private JobError error;
  private String result;
  private boolean cancelRequested;
  private String cancelReason;
  private Map<String, String> attributes = new LinkedHashMap<>();
  private long version = 1;

  private SnapshotBuilder() {}

  /** A running {@code article} job of {@code alice}, version 1. */
  public static SnapshotBuilder job() {
    return new SnapshotBuilder();
  }

  /** Starts from an existing snapshot. */
  public static SnapshotBuilder from(JobSnapshot s) {
    SnapshotBuilder b = new SnapshotBuilder();
    b.id = s.id();
    b.type = s.type();
    b.owner = s.owner();
    b.tenant = s.tenant();
    b.parentId = s.parentId();
    b.status = s.status();
    b.percent = s.percent();
    b.message = s.message();
    b.step = s.step();
    b.steps = new ArrayList<>(s.steps());
    b.done = s.done();
    b.total = s.total();
    b.children = s.children();
    b.eta = s.eta();
    b.elapsedMs = s.elapsedMs();
    b.stalled = s.stalled();
    b.createdAt = s.createdAt();
    b.startedAt = s.startedAt();
    b.updatedAt = s.updatedAt();
    b.completedAt = s.completedAt();
    b.error = s.error();
    b.result = s.result();
    b.cancelRequested = s.cancelRequested();
    b.cancelReason = s.cancelReason();
    b.attributes = new LinkedHashMap<>(s.attributes());
    b.version = s.version();
    return b;
  }

  public SnapshotBuilder id(String v) { id = v; return this; }
  public SnapshotBuilder type(String v) { type = v; return this; }
  public SnapshotBuilder owner(String v) { owner = v; return this; }
  public SnapshotBuilder tenant(String v) { tenant = v; return this; }
  public SnapshotBuilder parentId(String v) { parentId = v; return this; }
  public SnapshotBuilder status(JobStatus v) { status = v; return this; }
  public SnapshotBuilder percent(double v) { percent = v; return this; }
  public SnapshotBuilder message(String v) { message = v; return this; }
  public SnapshotBuilder step(String v) { step = v; return this; }
  public SnapshotBuilder steps(List<StepSnapshot> v) { steps = new ArrayList<>(v); return this; }
  public SnapshotBuilder addStep(StepSnapshot v) { steps.add(v); return this; }
  public SnapshotBuilder done(Long v) { done = v; return this; }
  public SnapshotBuilder total(Long v) { total = v; return this; }
  public SnapshotBuilder children(ChildCounts v) { children = v; return this; }
  public SnapshotBuilder eta(Eta v) { eta = v; return this; }
  public SnapshotBuilder elapsedMs(Long v) { elapsedMs = v; return this; }
  public SnapshotBuilder stalled(boolean v) { stalled = v; return this; }
  public SnapshotBuilder createdAt(Instant v) { createdAt = v; return this; }
  public SnapshotBuilder startedAt(Instant v) { startedAt = v; return this; }
  public SnapshotBuilder updatedAt(Instant v) { updatedAt = v; return this; }
  public SnapshotBuilder completedAt(Instant v) { completedAt = v; return this; }
  public SnapshotBuilder error(JobError v) { error = v; return this; }
  public SnapshotBuilder result(String v) { result = v; return this; }
  public SnapshotBuilder cancelRequested(boolean v) { cancelRequested = v; return this; }
  public SnapshotBuilder cancelReason(String v) { cancelReason = v; return this; }
  public SnapshotBuilder attribute(String k, String v) { attributes.put(k, v); return this; }
  public SnapshotBuilder version(long v) { version = v; return this; }

  public JobSnapshot build() {
    return new JobSnapshot(id, type, owner, tenant, parentId, status, percent, message, step, steps, done, total,
        children, eta, elapsedMs, stalled, createdAt, startedAt, updatedAt, completedAt, error, result,
        cancelRequested, cancelReason, attributes, version);
  }
}
