package dev.headway.sse.internal;

import dev.headway.JobSnapshot;
import dev.headway.LogLine;
import dev.headway.ProgressTracker;
import dev.headway.json.LogJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log lines of the jobs one feed shows: read from the tracker once per new {@code logSeq} of a job, however
 * many streams the feed has, and each encoded once as an SSE {@code log} event without an {@code id:} (so a
 * client's Last-Event-ID stays the job's version). Called by its feed's listener, one event at a time.
 */
final class LogFeed {
  private static final Logger LOG = LoggerFactory.getLogger(LogFeed.class);
  /** The SSE event name of a log line. */
  static final String EVENT = "log";

  /**
   * One line, encoded, shared by every stream that sends it.
   *
   * @param seq the line's number within its job
   * @param frame its SSE event
   */
  record Line(long seq, byte[] frame) {}

  private final ProgressTracker tracker;
  /** Per job, the number of the last line read, or where its first stream began; until the job ends. */
  private final Map<String, Long> read = new ConcurrentHashMap<>();

  LogFeed(ProgressTracker tracker) {
    this.tracker = tracker;
  }

  /**
   * Notes the state a stream of this feed began a job with: lines up to it are not the stream's to send, so the
   * feed reads the job's log from there instead of reading the whole kept log.
   *
   * @param job the state
   */
  void shown(JobSnapshot job) {
    // The lowest start wins: another stream's later snapshot must not skip lines still on their way to this one.
    if (!job.isFinished()) {
      read.merge(job.id(), job.logSeq(), Math::min);
    }
  }

  /**
   * Returns the lines of a job not read before, in order, when its state shows lines this feed has not read.
   *
   * @param job the state an event carries
   * @return the new lines; empty for nearly every event
   */
  List<Line> newLines(JobSnapshot job) {
    String id = job.id();
    Long after = read.get(id);
    List<Line> lines = List.of();
    // A job no stream here was shown with lines (it appeared by an event) is read from its first kept line once;
    // each stream keeps only the lines after the state it began with.
    long from = after == null ? 0 : after;
    if (job.logSeq() > from) {
      lines = fetch(id, from);
      // Lines not readable yet (a store written behind) are asked for again with the next event.
      from = lines.isEmpty() ? from : lines.get(lines.size() - 1).seq();
    }
    if (job.isFinished()) {
      read.remove(id); // no line follows the end
    } else {
      read.put(id, from);
    }
    return lines;
  }

  private List<Line> fetch(String id, long after) {
    List<LogLine> lines;
    try {
      lines = tracker.log(id, after);
    } catch (RuntimeException e) {
      // The job's events still go out; its page can read the lines from GET /jobs/{id}/log.
      LOG.debug("could not read the log of job {} after line {}", id, after, e);
      return List.of();
    }
    List<Line> encoded = new ArrayList<>(lines.size());
    for (LogLine line : lines) {
      encoded.add(new Line(line.seq(), SseFrames.event(EVENT, null, LogJson.writeBytes(line))));
    }
    return encoded;
  }
}
