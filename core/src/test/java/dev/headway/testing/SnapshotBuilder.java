package dev.headway.testing;

import dev.headway.JobSnapshot;
import dev.headway.JobStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Starts {@link JobSnapshot} builders for tests, without spelling out all 26 fields. */
public final class SnapshotBuilder {
  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
  private static final JobSnapshot RUNNING_ARTICLE = new JobSnapshot("job-1", "article", "alice", null, null,
      JobStatus.RUNNING, 0, null, null, List.of(), null, null, null, null, null, false, T, T, T, null, null, null,
      false, null, Map.of(), 1);

  private SnapshotBuilder() {}

  /** A running {@code article} job of {@code alice}, version 1, created and started at 2026-01-01T00:00:00Z. */
  public static JobSnapshot.Builder job() {
    return RUNNING_ARTICLE.toBuilder();
  }

  /** Starts from an existing snapshot. */
  public static JobSnapshot.Builder from(JobSnapshot s) {
    return s.toBuilder();
  }
}
