package dev.headway.sse.internal;

import dev.headway.JobSnapshot;
import dev.headway.Limits;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;

/**
 * One job's log lines on one stream that its client has not had: lines numbered after the state the stream began
 * the job with, each once, in order, and at most one job's log of them ({@link Limits#MAX_LOG_LINES_PER_STEP} per
 * step); a stream that falls further behind loses the oldest, which its page can read from
 * {@code GET /jobs/{id}/log}. Holds the feed's shared frames, never copies. Guarded by its stream's lock.
 */
final class PendingLines {
  private static final long UNSET = -1;

  private final ArrayDeque<LogFeed.Line> lines = new ArrayDeque<>(0);
  /** Lines up to this number were logged before the stream began the job: its page reads them from the log. */
  private long from = UNSET;
  /** Whether {@link #from} is settled: by the stream's snapshot of the job, or else by its first write. */
  private boolean settled;
  /** The highest number taken, so a line from a second feed of the same job is not sent twice. */
  private long highest;

  /**
   * Notes a state offered to the stream. The snapshot the stream took of the job settles where its lines start,
   * even when the feed's events came first (they were subscribed to before the snapshot was taken); a job that
   * appears by an event starts at that event's state.
   *
   * @param job the state
   * @param snapshot whether it is the stream's own snapshot of the job
   */
  void seen(JobSnapshot job, boolean snapshot) {
    if (settled) {
      return;
    }
    if (snapshot) {
      settle(job.logSeq());
    } else if (from == UNSET) {
      from = job.logSeq();
    }
  }

  /** Takes lines a feed read; keeps the ones the client has not had. */
  void offer(List<LogFeed.Line> more, JobSnapshot job) {
    if (more.isEmpty()) {
      return;
    }
    int most = Limits.MAX_LOG_LINES_PER_STEP * Math.max(1, job.steps().size());
    for (LogFeed.Line line : more) {
      if (line.seq() > highest && (!settled || line.seq() > from)) {
        lines.add(line);
        highest = line.seq();
        if (lines.size() > most) {
          lines.poll();
        }
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
    if (!settled) {
      settle(from == UNSET ? job.logSeq() : from);
    }
    while (!lines.isEmpty() && lines.peek().seq() <= job.logSeq()) {
      out.add(lines.poll().frame());
    }
  }

  int size() {
    return lines.size();
  }

  private void settle(long logSeq) {
    settled = true;
    from = logSeq;
    highest = Math.max(highest, from);
    while (!lines.isEmpty() && lines.peek().seq() <= from) {
      lines.poll();
    }
  }
}
