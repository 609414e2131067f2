package dev.headway.sse.internal;

import dev.headway.JobSnapshot;
import dev.headway.Limits;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;

/**
 * One job's log lines on one stream that its client has not had: lines numbered after the first state the stream
 * wrote of the job, each once, in order, and at most one job's log of them ({@link Limits#MAX_LOG_LINES_PER_STEP}
 * per step); a stream that falls further behind loses the oldest, which its page can read from
 * {@code GET /jobs/{id}/log}. Holds the feed's shared frames, never copies. Guarded by its stream's lock.
 */
final class PendingLines {
  private static final long UNSET = -1;

  private final ArrayDeque<LogFeed.Line> lines = new ArrayDeque<>(0);
  /** Lines up to this number were logged before the stream's first state of the job: its page reads them. */
  private long from = UNSET;
  /** The highest number taken, so a line from a second feed of the same job is not sent twice. */
  private long highest;

  /** Takes lines a feed read; keeps the new ones. */
  void offer(List<LogFeed.Line> more, JobSnapshot job) {
    if (more.isEmpty()) {
      return;
    }
    int most = Limits.MAX_LOG_LINES_PER_STEP * Math.max(1, job.steps().size());
    for (LogFeed.Line line : more) {
      if (line.seq() > highest && line.seq() > from) {
        lines.add(line);
        highest = line.seq();
        if (lines.size() > most) {
          lines.poll();
        }
      }
    }
  }

  /** Records the first state the client has of the job, unless it has one already: lines start after it. */
  void startAt(JobSnapshot job) {
    if (from == UNSET) {
      from = job.logSeq();
      highest = Math.max(highest, from);
      while (!lines.isEmpty() && lines.peek().seq() <= from) {
        lines.poll();
      }
    }
  }

  /**
   * Moves the lines the state being written shows to the stream's queue, to go right after its frame; later ones
   * wait for the frame that shows them. The frames move as they are, shared with the other streams.
   *
   * @param job the state being written
   * @param out where the stream takes its next frames from
   */
  void takeShown(JobSnapshot job, Queue<byte[]> out) {
    startAt(job);
    while (!lines.isEmpty() && lines.peek().seq() <= job.logSeq()) {
      out.add(lines.poll().frame());
    }
  }

  int size() {
    return lines.size();
  }
}
