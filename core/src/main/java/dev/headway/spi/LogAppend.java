package dev.headway.spi;

import dev.headway.LogLine;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The log lines a {@link JobWrite} adds to its job, and the older lines it drops.
 *
 * <p>A job keeps a bounded log per step; the node running it decides which lines stay, and tells the store: write
 * {@code lines}, then, for each step in {@code keptFrom}, delete that step's lines numbered below the given one.
 * The store applies both with the write's state, or neither when it refuses the write.
 *
 * @param lines new lines, in order, each of the written job
 * @param keptFrom for each step whose oldest lines go, the number of its oldest line that stays; the key is the
 *     step's name, or the empty string for lines logged outside any step
 */
public record LogAppend(List<LogLine> lines, Map<String, Long> keptFrom) {
  /** No lines to add, none to drop. */
  public static final LogAppend NONE = new LogAppend(List.of(), Map.of());

  /** Checks the fields and freezes the collections. */
  public LogAppend {
    lines = List.copyOf(Objects.requireNonNull(lines, "lines"));
    keptFrom = Map.copyOf(Objects.requireNonNull(keptFrom, "keptFrom"));
  }

  /**
   * Returns the key of {@link #keptFrom} for a line's step.
   *
   * @param step a step's name, or null
   * @return the name, or the empty string for null
   */
  public static String stepKey(String step) {
    return step == null ? "" : step;
  }

  /**
   * Returns whether there is nothing to add or drop.
   *
   * @return true for no change to the log
   */
  public boolean isEmpty() {
    return lines.isEmpty() && keptFrom.isEmpty();
  }
}
