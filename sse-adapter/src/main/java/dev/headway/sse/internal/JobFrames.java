package dev.headway.sse.internal;

import dev.headway.JobSnapshot;
import dev.headway.json.JobJson;
import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * One state of a job and its SSE frames, encoded at most once however many streams send it: the JSON on first use,
 * and the frame of a single event per event name. Every stream that shows the job gets the same instance for the
 * same event, so ten streams on one job cost one encoding, not ten.
 *
 * <p>It also carries the log lines its feed read when this state arrived, each encoded once too.
 *
 * <p>Thread-safe. Streams write the returned arrays as they are and never change them.
 */
final class JobFrames {
  private final JobSnapshot job;
  private final List<LogFeed.Line> lines;
  // Guarded by this. Nearly every stream sends one event name per frame, mostly the same one: one cached frame.
  private byte[] data;
  private String cachedName;
  private byte[] cachedFrame;

  JobFrames(JobSnapshot job) {
    this(job, List.of());
  }

  /**
   * @param job the state
   * @param lines the job's log lines its feed read with this state, already encoded; streams pick theirs
   */
  JobFrames(JobSnapshot job, List<LogFeed.Line> lines) {
    this.job = job;
    this.lines = lines;
  }

  JobSnapshot job() {
    return job;
  }

  List<LogFeed.Line> lines() {
    return lines;
  }

  /**
   * Returns the frames of events of this state, in order, each carrying it.
   *
   * @param names the event names, at least one
   * @return the bytes to write
   */
  byte[] frames(List<String> names) {
    if (names.size() == 1) {
      return frame(names.get(0));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String name : names) {
      out.writeBytes(frame(name));
    }
    return out.toByteArray();
  }

  private synchronized byte[] frame(String name) {
    if (name.equals(cachedName)) {
      return cachedFrame;
    }
    if (data == null) {
      data = JobJson.writeBytes(job);
    }
    byte[] frame = SseFrames.event(name, Long.toString(job.version()), data);
    cachedName = name;
    cachedFrame = frame;
    return frame;
  }
}
