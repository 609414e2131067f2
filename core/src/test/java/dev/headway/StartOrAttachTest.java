package dev.headway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Starting for a user: a busy exclusive key names its job only to a caller the access policy lets read it. */
class StartOrAttachTest {
  private final ProgressTracker tracker = ProgressTracker.builder().build();

  @AfterEach
  void close() {
    tracker.close();
  }

  private static JobSpec docs(String owner) {
    return JobSpec.builder("docs", owner).exclusiveKey("docs:acme/api").build();
  }

  @Test
  void aFreeKeyStartsTheJob() {
    JobStart start = tracker.startOrAttach(docs("alice"), "alice");

    assertThat(start).isInstanceOf(JobStart.Started.class);
    assertThat(((JobStart.Started) start).job().snapshot().status()).isEqualTo(JobStatus.RUNNING);
  }

  @Test
  void theHoldersReaderIsAttachedToIt() {
    Job first = tracker.start(docs("alice"));

    JobStart again = tracker.startOrAttach(docs("alice"), "alice");

    assertThat(again).isEqualTo(new JobStart.Attached(tracker.find(first.id()).orElseThrow()));
  }

  @Test
  void anyoneElseHearsOnlyThatTheKeyIsBusy() {
    tracker.start(docs("alice"));

    JobStart bobs = tracker.startOrAttach(docs("bob"), "bob");

    assertThat(bobs).isEqualTo(new JobStart.Busy("docs:acme/api"));
    assertThat(tracker.startOrAttach(docs("bob"), null)).as("anonymous").isEqualTo(new JobStart.Busy("docs:acme/api"));
  }

  @Test
  void aPolicyThatThrowsCountsAsNo() {
    try (ProgressTracker strict = ProgressTracker.builder().accessPolicy(new AccessPolicy() {
      @Override
      public boolean canRead(String principal, JobSnapshot job) {
        throw new IllegalStateException("policy bug");
      }

      @Override
      public boolean canCancel(String principal, JobSnapshot job) {
        return false;
      }
    }).build()) {
      strict.start(docs("alice"));

      assertThat(strict.startOrAttach(docs("alice"), "alice")).isEqualTo(new JobStart.Busy("docs:acme/api"));
    }
  }

  @Test
  void aKeyFreedByAnEndedHolderStartsANewJob() {
    tracker.start(docs("alice")).complete(null);

    assertThat(tracker.startOrAttach(docs("bob"), "bob")).isInstanceOf(JobStart.Started.class);
  }
}
