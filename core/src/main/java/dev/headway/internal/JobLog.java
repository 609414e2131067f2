package dev.headway.internal;

import dev.headway.Limits;
import dev.headway.LogLevel;
import dev.headway.LogLine;
import dev.headway.spi.LogAppend;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A live job's log: the newest lines of each step, numbered in the order they were logged, and which of them the
 * store does not have yet.
 *
 * <p>Bounded per step by {@link Limits#MAX_LOG_LINES_PER_STEP} lines and {@link Limits#MAX_LOG_CHARS_PER_STEP}
 * characters, so a chatty worker costs bounded memory and a bounded write per flush. Lines travel to the store with
 * the job's next write ({@link #pending}); the steps whose old lines were dropped travel with them, so the store
 * drops them too. Has its own lock: logging never waits for the job's status moves.
 */
final class JobLog {
  /** The most lines one read returns: every step's worth, for the most steps a job may have, and its own lines. */
  static final int MOST_LINES = Limits.MAX_LOG_LINES_PER_STEP * (Limits.MAX_STEPS + 1);

  private static final class StepLines {
    final ArrayDeque<LogLine> lines = new ArrayDeque<>();
    long chars;
    /** The number of the oldest line kept, if lines were dropped since the last write; else 0. */
    long droppedBefore;
  }

  private final String jobId;
  private final Map<String, StepLines> steps = new LinkedHashMap<>();
  private int stepsWithDrops;
  private volatile long lastSeq;
  private long writtenSeq;

  JobLog(String jobId) {
    this.jobId = jobId;
  }

  /** Returns the number of the latest line, 0 before the first. Lock-free. */
  long lastSeq() {
    return lastSeq;
  }

  /** Adds a line and drops the step's oldest ones beyond the bounds. */
  synchronized void append(String step, LogLevel level, String text, Instant at) {
    LogLine line = new LogLine(jobId, lastSeq + 1, step, level, at, LogLine.clean(text));
    String key = LogAppend.stepKey(step);
    StepLines kept = steps.computeIfAbsent(key, k -> new StepLines());
    kept.lines.addLast(line);
    kept.chars += line.text().length();
    boolean dropped = false;
    while (kept.lines.size() > Limits.MAX_LOG_LINES_PER_STEP || kept.chars > Limits.MAX_LOG_CHARS_PER_STEP) {
      kept.chars -= kept.lines.removeFirst().text().length();
      dropped = true;
    }
    if (dropped) {
      stepsWithDrops += kept.droppedBefore == 0 ? 1 : 0;
      kept.droppedBefore = kept.lines.isEmpty() ? line.seq() + 1 : kept.lines.getFirst().seq();
    }
    lastSeq = line.seq();
  }

  /** Returns the kept lines numbered above {@code afterSeq}, in order. */
  synchronized List<LogLine> after(long afterSeq) {
    List<LogLine> found = new ArrayList<>();
    for (StepLines kept : steps.values()) {
      for (LogLine line : kept.lines) {
        if (line.seq() > afterSeq) {
          found.add(line);
        }
      }
    }
    found.sort(Comparator.comparingLong(LogLine::seq));
    return found;
  }

  /** Returns what the store lacks of the lines up to {@code upToSeq}: the kept ones it has not got, and the drops. */
  synchronized LogAppend pending(long upToSeq) {
    if (upToSeq <= writtenSeq && stepsWithDrops == 0) {
      return LogAppend.NONE;
    }
    List<LogLine> lines = new ArrayList<>();
    Map<String, Long> droppedBefore = new HashMap<>();
    for (Map.Entry<String, StepLines> step : steps.entrySet()) {
      StepLines kept = step.getValue();
      if (kept.droppedBefore != 0) {
        droppedBefore.put(step.getKey(), kept.droppedBefore);
      }
      for (LogLine line : kept.lines) {
        if (line.seq() > writtenSeq && line.seq() <= upToSeq) {
          lines.add(line);
        }
      }
    }
    lines.sort(Comparator.comparingLong(LogLine::seq));
    return new LogAppend(lines, droppedBefore);
  }

  /** Records that the store took an append: its lines, and the drops it carried unless newer ones came since. */
  synchronized void written(long upToSeq, LogAppend append) {
    writtenSeq = Math.max(writtenSeq, upToSeq);
    append.keptFrom().forEach((key, keptFrom) -> {
      StepLines kept = steps.get(key);
      if (kept != null && kept.droppedBefore == keptFrom) {
        kept.droppedBefore = 0;
        stepsWithDrops--;
      }
    });
  }
}
