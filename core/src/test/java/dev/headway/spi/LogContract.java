package dev.headway.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headway.JobSnapshot;
import dev.headway.JobStatus;
import dev.headway.LogLevel;
import dev.headway.LogLine;
import dev.headway.StepSnapshot;
import dev.headway.StepStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The part of the store contract about a job's log, and the retry fields of a snapshot: lines come and go with the
 * write that carries them, or not at all, and a store keeps exactly the lines the job's node decided to keep.
 * {@link JobStoreContract} runs it against every store.
 */
public interface LogContract extends StoreContractSupport {

  @Test
  default void linesOfAppliedWritesAreReadBackInOrderWithAllTheirFields() {
    JobSnapshot job = inserted(runningJob());
    List<LogLine> first = List.of(
        line(job, 1, null, LogLevel.INFO, "starting"),
        line(job, 2, "fetch", LogLevel.DEBUG, "GET /a -- it's \"quoted\" ✓ 😀"),
        line(job, 3, "fetch", LogLevel.WARN, "slow"));
    JobSnapshot v2 = next(job).logSeq(3).build();
    List<LogLine> second = List.of(line(job, 4, "parse", LogLevel.ERROR, "bad row 7"), line(job, 5, null,
        LogLevel.INFO, ""));

    assertThat(store().update(List.of(logged(v2, first)))).isEmpty();
    assertThat(store().update(List.of(logged(next(v2).logSeq(5).build(), second)))).isEmpty();

    assertThat(store().readLog(job.id(), 0, 100)).containsExactly(first.get(0), first.get(1), first.get(2),
        second.get(0), second.get(1));
  }

  @Test
  default void readLogStartsAfterTheGivenLineAndHonoursTheLimit() {
    JobSnapshot job = inserted(runningJob());
    List<LogLine> lines = List.of(line(job, 1, null, LogLevel.INFO, "one"), line(job, 2, null, LogLevel.INFO,
        "two"), line(job, 3, "s", LogLevel.INFO, "three"), line(job, 4, "s", LogLevel.INFO, "four"),
        line(job, 5, null, LogLevel.INFO, "five"));
    assertThat(store().update(List.of(logged(next(job).logSeq(5).build(), lines)))).isEmpty();

    assertThat(store().readLog(job.id(), 2, 2)).containsExactly(lines.get(2), lines.get(3));
    assertThat(store().readLog(job.id(), 3, 100)).containsExactly(lines.get(3), lines.get(4));
    assertThat(store().readLog(job.id(), 5, 100)).isEmpty();
    assertThat(store().readLog(job.id(), 0, 0)).isEmpty();
  }

  @Test
  default void readLogOfAnUnknownJobIsEmpty() {
    assertThat(store().readLog(newId(), 0, 100)).isEmpty();
  }

  @Test
  default void linesOfRefusedWritesAreNotStoredWhileThoseOfAppliedOnesInTheSameBatchAre() {
    JobSnapshot applied = inserted(runningJob());
    JobSnapshot stale = inserted(runningJob().version(5));
    JobSnapshot fenced = inserted(runningJob());
    JobSnapshot ended = inserted(runningJob());
    writeApplied(ended(ended, JobStatus.COMPLETED, T0.plusSeconds(5)).build());
    LogLine kept = line(applied, 1, null, LogLevel.INFO, "kept");

    List<WriteConflict> conflicts = store().update(List.of(
        logged(next(applied).logSeq(1).build(), List.of(kept)),
        logged(next(stale).version(5).logSeq(1).build(), List.of(line(stale, 1, null, LogLevel.INFO, "stale"))),
        new JobWrite(next(fenced).logSeq(1).build(), JobWrite.FIRST_EPOCH + 1,
            new LogAppend(List.of(line(fenced, 1, null, LogLevel.INFO, "fenced")), Map.of())),
        logged(next(stored(ended.id())).logSeq(1).build(), List.of(line(ended, 1, null, LogLevel.INFO, "late")))));

    assertThat(conflicts).extracting(c -> c.write().state().id())
        .containsExactlyInAnyOrder(stale.id(), fenced.id(), ended.id());
    assertThat(store().readLog(applied.id(), 0, 10)).containsExactly(kept);
    assertThat(store().readLog(stale.id(), 0, 10)).isEmpty();
    assertThat(store().readLog(fenced.id(), 0, 10)).isEmpty();
    assertThat(store().readLog(ended.id(), 0, 10)).isEmpty();
  }

  @Test
  default void keptFromDropsOnlyTheOlderLinesOfItsStep() {
    JobSnapshot job = inserted(runningJob());
    List<LogLine> lines = List.of(
        line(job, 1, null, LogLevel.INFO, "outside 1"),
        line(job, 2, "a", LogLevel.INFO, "a 2"),
        line(job, 3, "a", LogLevel.INFO, "a 3"),
        line(job, 4, "b", LogLevel.INFO, "b 4"),
        line(job, 5, null, LogLevel.INFO, "outside 5"),
        line(job, 6, "a", LogLevel.INFO, "a 6"));
    JobSnapshot v2 = next(job).logSeq(6).build();
    assertThat(store().update(List.of(logged(v2, lines)))).isEmpty();
    LogLine seventh = line(job, 7, "a", LogLevel.INFO, "a 7");

    JobWrite dropping = new JobWrite(next(v2).logSeq(7).build(), JobWrite.FIRST_EPOCH,
        new LogAppend(List.of(seventh), Map.of("a", 3L, "", 5L)));
    assertThat(store().update(List.of(dropping))).isEmpty();

    assertThat(store().readLog(job.id(), 0, 100))
        .containsExactly(lines.get(2), lines.get(3), lines.get(4), lines.get(5), seventh);
  }

  @Test
  default void aRefusedWriteDropsNoLines() {
    JobSnapshot job = inserted(runningJob());
    List<LogLine> lines = List.of(line(job, 1, "a", LogLevel.INFO, "a 1"), line(job, 2, "a", LogLevel.INFO, "a 2"));
    JobSnapshot v2 = next(job).logSeq(2).build();
    assertThat(store().update(List.of(logged(v2, lines)))).isEmpty();

    JobWrite stale = new JobWrite(v2, JobWrite.FIRST_EPOCH, new LogAppend(List.of(), Map.of("a", 2L)));
    assertThat(store().update(List.of(stale))).hasSize(1);

    assertThat(store().readLog(job.id(), 0, 100)).containsExactlyElementsOf(lines);
  }

  @Test
  default void theLinesOfATakeOverAreWrittenWithIt() {
    JobSnapshot job = inserted(runningJob());
    LogLine before = line(job, 1, null, LogLevel.INFO, "working");
    JobSnapshot v2 = next(job).logSeq(1).build();
    assertThat(store().update(List.of(logged(v2, List.of(before))))).isEmpty();
    StoredJob found = awaitStale(AT_ONCE, job.id()).get(0);
    JobWrite abandonment = abandonment(found);
    LogLine swept = line(job, 2, null, LogLevel.ERROR, "worker stopped responding");
    JobWrite ending = new JobWrite(abandonment.state().toBuilder().logSeq(2).build(), found.epoch(),
        new LogAppend(List.of(swept), Map.of()));

    assertThat(store().takeOver(sweeper(), AT_ONCE, List.of(ending))).hasSize(1);

    assertThat(store().readLog(job.id(), 0, 100)).containsExactly(before, swept);
  }

  @Test
  default void deleteEndedBeforeRemovesTheLog() {
    Instant base = Instant.parse("1997-01-01T00:00:00Z");
    JobSnapshot job = inserted(runningJob().createdAt(base).startedAt(base).updatedAt(base));
    JobSnapshot end = ended(job, JobStatus.COMPLETED, base.plusSeconds(1)).logSeq(1).build();
    assertThat(store().update(List.of(logged(end, List.of(line(job, 1, null, LogLevel.INFO, "done")))))).isEmpty();
    assertThat(store().readLog(job.id(), 0, 10)).hasSize(1);

    assertThat(store().deleteEndedBefore(base.plusSeconds(60), 10)).isEqualTo(1);

    assertThat(store().readLog(job.id(), 0, 10)).isEmpty();
  }

  @Test
  default void retryFieldsLogSeqAndStepResultsRoundTrip() {
    Instant at = T0.plusSeconds(1);
    StepSnapshot carried = new StepSnapshot("fetch", 1, StepStatus.COMPLETED, 100, 3L, 3L, "fetched", T0, at, null,
        "{\"rows\":[1,2,3],\"note\":\"é\"}", true);
    StepSnapshot fresh = new StepSnapshot("parse", 2, StepStatus.RUNNING, 40, null, null, null, at, null, null,
        null, false);
    String key = name("key");
    JobSnapshot job = runningJob().exclusiveKey(key).attempt(3).retryOf(newId()).logSeq(0)
        .steps(List.of(carried, fresh)).build();
    store().insert(job, key, node());
    assertThat(stored(job.id())).isEqualTo(job);

    StepSnapshot done = new StepSnapshot("parse", 2, StepStatus.COMPLETED, 100, null, null, null, at,
        at.plusMillis(250), null, "42", false);
    JobSnapshot end = ended(job, JobStatus.COMPLETED, at.plusSeconds(1)).logSeq(12).steps(List.of(carried, done))
        .build();
    writeApplied(end);

    assertThat(stored(job.id())).isEqualTo(end);
    assertThat(store().findAll(List.of(job.id()))).containsExactly(end);
  }

  /** A line of a job, logged {@code seq} seconds after {@link #T0} and a few microseconds. */
  private static LogLine line(JobSnapshot job, long seq, String step, LogLevel level, String text) {
    return new LogLine(job.id(), seq, step, level, T0.plusSeconds(seq).plusNanos(seq * 1_000), text);
  }

  /** A write by the inserting node that adds lines and drops none. */
  private static JobWrite logged(JobSnapshot state, List<LogLine> lines) {
    return new JobWrite(state, JobWrite.FIRST_EPOCH, new LogAppend(lines, Map.of()));
  }
}
