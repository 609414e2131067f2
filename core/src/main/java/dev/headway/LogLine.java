package dev.headway;

import java.time.Instant;
import java.util.Objects;

/**
 * One line of a job's log ({@link Job#log}).
 *
 * <p>The text is plain text on one line: control characters (line breaks included) became spaces when it was
 * logged, so it can go into an SSE frame or a JSON document as it is; a page must still show it as text, never as
 * HTML.
 *
 * @param jobId the job that logged it
 * @param seq its number within the job: 1 for the first line, one more for each next line
 * @param step the step that was running when it was logged, or null outside any step
 * @param level how much it matters
 * @param at when it was logged
 * @param text the line, at most {@link Limits#MAX_LOG_LINE_LENGTH} characters
 */
public record LogLine(String jobId, long seq, String step, LogLevel level, Instant at, String text) {
  /** Checks the fields. */
  public LogLine {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(text, "text");
    if (seq < 1) {
      throw new IllegalArgumentException("seq must be >= 1, was " + seq);
    }
  }

  /**
   * Returns text fit for a log line: control characters replaced by spaces, and cut to
   * {@link Limits#MAX_LOG_LINE_LENGTH} characters.
   *
   * @param text any text
   * @return the line's text
   * @throws NullPointerException if {@code text} is null
   */
  public static String clean(String text) {
    Objects.requireNonNull(text, "text");
    int length = Math.min(text.length(), Limits.MAX_LOG_LINE_LENGTH);
    if (length > 0 && Character.isHighSurrogate(text.charAt(length - 1)) && length < text.length()) {
      length--; // never cut a character in half
    }
    StringBuilder out = null;
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
        if (out == null) {
          out = new StringBuilder(length).append(text, 0, i);
        }
        out.append(' ');
      } else if (out != null) {
        out.append(c);
      }
    }
    return out != null ? out.toString() : text.substring(0, length);
  }
}
