package dev.headway.sse.internal;

import dev.headway.JobEventType;
import dev.headway.JobSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;

/**
 * One job on one stream: the newest state not yet written, the names of the events that happened since the last
 * write (each once, in the order they last happened), the log lines the client has not had, and what the stream
 * last told its client about the job.
 * Guarded by its stream's lock.
 */
final class JobSlot {
  /** The event name of the state a stream starts with. */
  static final String SNAPSHOT = "snapshot";
  private static final String PROGRESS = JobEventType.PROGRESS.wireName();

  final String id;
  private long sentVersion = Long.MIN_VALUE;
  private long lastWriteMillis = Long.MIN_VALUE;
  /** When the state last written was made (its {@code updatedAt}), in epoch milliseconds. */
  private long sentStateMillis = Long.MIN_VALUE;
  private JobFrames pending;
  private final List<String> names = new ArrayList<>(4);
  private final PendingLines lines = new PendingLines();
  /** Whether the slot waits in its stream's queue. */
  boolean queued;

  JobSlot(String id) {
    this.id = id;
  }

  /**
   * Takes an event: keeps the newer state, and the event's name once.
   *
   * @param name the event's wire name
   * @param frames the state after the event
   * @return whether the slot now holds something to write that it did not hold before
   */
  boolean offer(String name, JobFrames frames) {
    JobSnapshot job = frames.job();
    // Lines may come with a state already sent (a second feed, a late delivery): a later frame carries them.
    lines.seen(job, name.equals(SNAPSHOT));
    lines.offer(frames.lines(), job);
    if (job.version() <= sentVersion) {
      return false;
    }
    long pendingVersion = pending == null ? Long.MIN_VALUE : pending.job().version();
    boolean newer = job.version() > pendingVersion;
    if (name.equals(SNAPSHOT) && (newer || job.version() == pendingVersion)) {
      names.clear(); // the events pending so far are part of the state the snapshot shows
    } else if (!newer) {
      return false; // an event for a state already pending adds nothing
    }
    if (newer) {
      pending = frames;
    }
    add(name);
    return true;
  }

  private void add(String name) {
    if (name.equals(PROGRESS)) {
      if (names.isEmpty()) {
        names.add(name);
      }
      // else: the pending event already carries the newest progress.
      return;
    }
    names.remove(PROGRESS);
    names.remove(name);
    if (name.equals(SNAPSHOT)) {
      names.add(0, name);
    } else {
      names.add(name);
    }
  }

  /** Records that the client already holds this state, so nothing up to its version, or its log, is sent. */
  void alreadySent(JobSnapshot job) {
    sentVersion = job.version();
    lines.seen(job, true);
  }

  boolean hasPending() {
    return pending != null;
  }

  /** How many log lines wait for a frame. */
  int pendingLines() {
    return lines.size();
  }

  /**
   * When the pending frame may go: at once unless it holds only progress made less than a progress interval after
   * the state last written; then when that interval is over, and never later than an interval after the last
   * write. Spacing by the states' own times, not by write times, keeps a delay from carrying over from one frame to
   * the next: a job that moves once per interval gets every frame at once.
   */
  long dueAt(long nowMillis, long progressIntervalMillis) {
    boolean progressOnly = names.size() == 1 && names.get(0).equals(PROGRESS);
    if (!progressOnly || lastWriteMillis == Long.MIN_VALUE) {
      return nowMillis;
    }
    long early = progressIntervalMillis - (pending.job().updatedAt().toEpochMilli() - sentStateMillis);
    return Math.min(lastWriteMillis + progressIntervalMillis, nowMillis + Math.max(0, early));
  }

  /**
   * Takes the pending frames to write now, and remembers them as sent.
   *
   * @param nowMillis the time of the write
   * @param lineFrames where the log lines the state shows go, to be written right after it
   * @return the bytes to write
   */
  byte[] take(long nowMillis, Queue<byte[]> lineFrames) {
    JobSnapshot job = pending.job();
    byte[] frame = pending.frames(names);
    lines.takeShown(job, lineFrames);
    pending = null;
    names.clear();
    sentVersion = job.version();
    lastWriteMillis = nowMillis;
    sentStateMillis = job.updatedAt().toEpochMilli();
    return frame;
  }

  /** The state about to be written. */
  JobSnapshot pendingJob() {
    return pending.job();
  }
}
