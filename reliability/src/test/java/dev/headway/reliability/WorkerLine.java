package dev.headway.reliability;

import dev.headway.JobStatus;
import java.util.Optional;

/**
 * One line a worker prints: the protocol between a worker JVM and the test that reads it.
 *
 * <pre>
 * ACK   &lt;job&gt; &lt;call&gt; &lt;ms&gt;                         the call returned
 * NACK  &lt;job&gt; &lt;call&gt; &lt;ms&gt; &lt;exception&gt; queued|refused   the call threw; "queued" for a HeadwayException
 * BUSY  &lt;key&gt; -      &lt;ms&gt;                         a start refused because an active job holds the key
 * ENDED &lt;job&gt; &lt;status&gt;                            a parent ended by its last child's call, as shown then
 * READY | HELD | DONE                              the worker reached a point of its script
 * </pre>
 *
 * @param kind the first word
 * @param jobId the job (for BUSY: the key), or "-"
 * @param call start, step, complete, fail or cancel; for ENDED the status; else "-"
 * @param millis how long the call took, or 0
 * @param exception the simple name of what a NACK threw, or "-"
 * @param queued whether a NACK's exception says the change is kept and written later
 */
record WorkerLine(String kind, String jobId, String call, long millis, String exception, boolean queued) {
  static final String ACK = "ACK";
  static final String NACK = "NACK";
  static final String BUSY = "BUSY";
  static final String ENDED = "ENDED";
  static final String READY = "READY";
  static final String HELD = "HELD";
  static final String DONE = "DONE";

  static WorkerLine acknowledged(String jobId, String call, long millis) {
    return new WorkerLine(ACK, jobId, call, millis, "-", false);
  }

  static WorkerLine refused(String jobId, String call, long millis, RuntimeException e) {
    return new WorkerLine(NACK, jobId, call, millis, e.getClass().getSimpleName(), Reporter.isQueued(e));
  }

  static WorkerLine busy(String key, long millis) {
    return new WorkerLine(BUSY, key, "-", millis, "-", false);
  }

  static WorkerLine parentEnded(String jobId, JobStatus status) {
    return new WorkerLine(ENDED, jobId, status.name(), 0, "-", false);
  }

  static WorkerLine signal(String kind) {
    return new WorkerLine(kind, "-", "-", 0, "-", false);
  }

  /**
   * Formats the line.
   *
   * @return the text a worker prints
   */
  String format() {
    return switch (kind) {
      case ACK -> String.join(" ", kind, jobId, call, Long.toString(millis));
      case NACK -> String.join(" ", kind, jobId, call, Long.toString(millis), exception,
          queued ? "queued" : "refused");
      case BUSY -> String.join(" ", kind, jobId, "-", Long.toString(millis));
      case ENDED -> String.join(" ", kind, jobId, call);
      default -> kind;
    };
  }

  /**
   * Reads a line {@link #format()} wrote.
   *
   * @param text the line
   * @return the line
   */
  static WorkerLine parse(String text) {
    String[] words = text.strip().split(" ");
    return switch (words[0]) {
      case ACK, BUSY -> new WorkerLine(words[0], words[1], words[2], Long.parseLong(words[3]), "-", false);
      case NACK -> new WorkerLine(NACK, words[1], words[2], Long.parseLong(words[3]), words[4],
          words[5].equals("queued"));
      case ENDED -> new WorkerLine(ENDED, words[1], words[2], 0, "-", false);
      case READY, HELD, DONE -> signal(words[0]);
      default -> throw new IllegalArgumentException("not a worker line: " + text);
    };
  }

  /** Whether this is a status call's answer (ACK or NACK), the lines whose duration counts. */
  boolean isAnswer() {
    return kind.equals(ACK) || kind.equals(NACK);
  }

  /**
   * The terminal state the user was told the job has, when this line told them one: an acknowledged complete, fail
   * or cancel, or a parent shown ended by its last child.
   *
   * @return the status, or empty
   */
  Optional<JobStatus> acknowledgedEnd() {
    if (kind.equals(ENDED)) {
      return Optional.of(JobStatus.valueOf(call));
    }
    return kind.equals(ACK) ? terminalOf(call) : Optional.empty();
  }

  /**
   * The terminal state a call asked for, acknowledged or not.
   *
   * @param call the call's name
   * @return the status, or empty for start and step
   */
  static Optional<JobStatus> terminalOf(String call) {
    return switch (call) {
      case "complete" -> Optional.of(JobStatus.COMPLETED);
      case "fail" -> Optional.of(JobStatus.FAILED);
      case "cancel" -> Optional.of(JobStatus.CANCELLED);
      default -> Optional.empty();
    };
  }
}
