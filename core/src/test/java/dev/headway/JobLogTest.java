package dev.headway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.headway.testing.RecordingListener;
import dev.headway.testing.TrackerHarness;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A job's log: bounded per step, written behind with the job's writes, numbered, and never in the snapshot. */
class JobLogTest {
  private final TrackerHarness h = new TrackerHarness(b -> b.keepCompleted(Duration.ofSeconds(30)));

  @AfterEach
  void close() {
    h.close();
  }

  private Job article() {
    return h.tracker.start(JobSpec.builder("article", "alice").step("research", 1).step("writing", 1).build());
  }

  private void flush() {
    h.tick(Duration.ofMillis(200));
  }

  @Test
  void linesAreNumberedAndKeepTheirStepAndLevel() {
    Job job = article();
    job.log("before any step");
    job.startStep("research");
    job.log(LogLevel.WARN, "source 3 timed out");

    List<LogLine> lines = h.tracker.log(job.id(), 0);

    assertThat(lines).extracting(LogLine::seq).containsExactly(1L, 2L);
    assertThat(lines.get(0).step()).isNull();
    assertThat(lines.get(0).level()).isEqualTo(LogLevel.INFO);
    assertThat(lines.get(1).step()).isEqualTo("research");
    assertThat(lines.get(1).level()).isEqualTo(LogLevel.WARN);
    assertThat(lines.get(1).text()).isEqualTo("source 3 timed out");
    assertThat(lines.get(1).at()).isEqualTo(h.clock.instant());
    assertThat(h.tracker.log(job.id(), 1)).extracting(LogLine::seq).containsExactly(2L);
    assertThat(job.snapshot().logSeq()).isEqualTo(2);
  }

  @Test
  void linesAreWrittenBehindWithTheJobNeverOneWritePerLine() {
    Job job = article();
    job.startStep("research");
    int before = h.store.updateCalls.get();
    for (int i = 0; i < 300; i++) {
      job.log("line " + i);
    }
    assertThat(h.store.updateCalls.get()).as("logging does no I/O").isEqualTo(before);
    assertThat(h.store.readLog(job.id(), 0, 1000)).isEmpty();

    flush();

    assertThat(h.store.updateCalls.get()).isEqualTo(before + 1);
    assertThat(h.store.readLog(job.id(), 0, 1000)).hasSize(300);
    assertThat(h.store.find(job.id()).orElseThrow().logSeq()).isEqualTo(300);
    job.log("one more");
    flush();
    assertThat(h.store.readLog(job.id(), 300, 1000)).extracting(LogLine::text).containsExactly("one more");
  }

  @Test
  void eachStepKeepsItsNewestLinesInTheStoreToo() {
    Job job = article();
    job.startStep("research");
    job.log("research notes");
    job.startStep("writing");
    for (int i = 0; i < Limits.MAX_LOG_LINES_PER_STEP + 20; i++) {
      job.log("draft " + i);
      if (i == 100) {
        flush();
      }
    }
    flush();

    for (List<LogLine> log : List.of(h.tracker.log(job.id(), 0), h.store.readLog(job.id(), 0, 10_000))) {
      assertThat(log).hasSize(1 + Limits.MAX_LOG_LINES_PER_STEP);
      assertThat(log.get(0).text()).as("another step's lines stay").isEqualTo("research notes");
      assertThat(log.get(1).text()).isEqualTo("draft 20");
      assertThat(log.get(log.size() - 1).text()).isEqualTo("draft " + (Limits.MAX_LOG_LINES_PER_STEP + 19));
    }
  }

  @Test
  void aStepKeepsAtMostItsCharacterBudget() {
    Job job = article();
    job.startStep("research");
    String line = "x".repeat(Limits.MAX_LOG_LINE_LENGTH);
    int fit = Limits.MAX_LOG_CHARS_PER_STEP / Limits.MAX_LOG_LINE_LENGTH;
    for (int i = 0; i < fit + 5; i++) {
      job.log(line);
    }

    assertThat(h.tracker.log(job.id(), 0)).hasSize(fit);
  }

  @Test
  void linesArePlainTextOnOneLine() {
    Job job = article();
    job.log("a\r\nb\u0000c\u2028d\te");
    job.log("y".repeat(Limits.MAX_LOG_LINE_LENGTH + 50));

    List<LogLine> lines = h.tracker.log(job.id(), 0);

    assertThat(lines.get(0).text()).isEqualTo("a  b c d e");
    assertThat(lines.get(1).text()).hasSize(Limits.MAX_LOG_LINE_LENGTH);
    assertThatThrownBy(() -> job.log(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> job.log(null, "x")).isInstanceOf(NullPointerException.class);
  }

  @Test
  void theLastLinesGoWithTheEndAndLinesAfterItAreDropped() {
    Job job = article();
    job.log("last words");
    job.fail("boom");
    job.log("too late");

    assertThat(h.store.readLog(job.id(), 0, 100)).extracting(LogLine::text).containsExactly("last words");
    assertThat(h.store.find(job.id()).orElseThrow().logSeq()).isEqualTo(1);
    h.tick(Duration.ofSeconds(61));
    assertThat(h.tracker.log(job.id(), 0)).as("read from the store once the job left memory")
        .extracting(LogLine::text).containsExactly("last words");
  }

  @Test
  void listenersSeeTheLogMoveButNotItsLines() {
    Job job = article();
    RecordingListener events = new RecordingListener();
    h.tracker.subscribe(job.id(), events);
    job.log("hello");
    h.deliver();

    JobSnapshot last = events.last().job();
    assertThat(last.logSeq()).isEqualTo(1);
    assertThat(dev.headway.json.JobJson.write(last)).doesNotContain("hello");
  }

  @Test
  void anUnknownJobHasNoLog() {
    assertThatThrownBy(() -> h.tracker.log("no-such-job", 0)).isInstanceOf(JobNotFoundException.class);
  }
}
