package dev.headway.json;

import dev.headway.ChildCounts;
import dev.headway.Eta;
import dev.headway.JobError;
import dev.headway.JobSnapshot;
import dev.headway.JobStatus;
import dev.headway.StepSnapshot;
import dev.headway.StepStatus;
import dev.headway.testing.SnapshotBuilder;
import java.time.Instant;

/** Snapshots for the JSON tests: one with every field set, one with every optional field empty. */
final class Snapshots {
  static final Instant CREATED = Instant.parse("2026-01-01T00:00:00.123Z");
  static final Instant STARTED = Instant.parse("2026-01-01T00:00:01.123456789Z");
  static final Instant STEP_1_DONE = Instant.parse("2026-01-01T00:00:05Z");
  static final Instant STEP_3_FAILED = Instant.parse("2026-01-01T00:00:09.500Z");
  static final Instant UPDATED = Instant.parse("2026-01-01T00:00:49.001Z");
  static final Instant COMPLETED = Instant.parse("2026-01-01T00:00:50Z");
  static final Instant ETA_AT = Instant.parse("2026-01-01T00:01:01.001Z");

  /** Every character class that JSON must escape or that a careless encoder breaks. */
  static final String TRICKY = "Grüße «Ünïcödé» 日本語 🚀 — CR\rLF\nCRLF\r\n tab\t nul\u0000 unit\u001f"
      + " del\u007f quote\" backslash\\ slash/ </script> \u2028\u2029";

  private Snapshots() {}

  /** A snapshot with every field set, steps in every status, children, ETA, error, result and attributes. */
  static JobSnapshot full() {
    return SnapshotBuilder.job()
        .id("q0Zr3J9xWmA8bYc2dEf4Gh")
        .type("article")
        .owner("alice@example.com")
        .tenant("acme-ß")
        .parentId("pAr3nt000000000000000a")
        .status(JobStatus.RUNNING)
        .percent(42.125)
        .message("Writing section 4\r\nof 10: " + TRICKY)
        .step("writing")
        .addStep(new StepSnapshot("research", 1, StepStatus.COMPLETED, 100, 3L, 3L, "found 3 sources", STARTED,
            STEP_1_DONE, null, "{\"sources\":[\"a\",\"b — " + "\\n\"]}", true))
        .addStep(new StepSnapshot("outline", 0.5, StepStatus.SKIPPED, 0, null, null, "not needed", null,
            STEP_1_DONE, null))
        .addStep(new StepSnapshot("draft", 2, StepStatus.FAILED, 12.5, 1L, 8L, "model refused", STEP_1_DONE,
            STEP_3_FAILED, "HTTP 429\r\nToo many requests: " + TRICKY))
        .addStep(new StepSnapshot("writing", 2.75, StepStatus.RUNNING, 40, 4L, 10L, TRICKY, STEP_3_FAILED, null,
            null))
        .addStep(new StepSnapshot("seo", 1, StepStatus.PENDING, 0, null, null, null, null, null, null))
        .done(4L)
        .total(10L)
        .children(new ChildCounts(10, 2, 3, 2, 1, 1))
        .eta(new Eta(12_000, ETA_AT, Eta.Confidence.MEDIUM))
        .elapsedMs(48_000L)
        .stalled(true)
        .createdAt(CREATED)
        .startedAt(STARTED)
        .updatedAt(UPDATED)
        .completedAt(COMPLETED)
        .error(new JobError("boom\r\n\tat Worker.run(Worker.java:42) " + TRICKY, "draft", STEP_3_FAILED))
        .result("{\"title\":\"Solar — power \\\"now\\\"\\n\",\"price\":1.10,\"tiny\":-1e-7,"
            + "\"big\":123456789012345678901234567890,\"tags\":[\"a\",null,true,false,[],{}],\"n\":{\"x\":-3}}")
        .cancelRequested(true)
        .cancelReason("user clicked \"stop\"\n" + TRICKY)
        .attribute("topic", "Solar power ☀")
        .attribute("lang", "de-CH")
        .attribute("notes", TRICKY)
        .version(9_007_199_254_740_993L)
        .exclusiveKey("article:" + TRICKY)
        .attempt(3)
        .retryOf("pRev0000000000000000aa")
        .logSeq(1_234)
        .build();
  }

  /** A queued snapshot with only the required fields: every optional field null, false or empty. */
  static JobSnapshot minimal() {
    return SnapshotBuilder.job()
        .id("m1n1mal000000000000000")
        .status(JobStatus.QUEUED)
        .startedAt(null)
        .createdAt(CREATED)
        .updatedAt(CREATED)
        .version(1)
        .build();
  }
}
