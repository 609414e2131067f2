package dev.headway;

/**
 * The size limits Headway enforces on what a job carries, so one careless caller cannot bloat every snapshot,
 * event and database row. Input over a limit is refused with an {@link IllegalArgumentException} naming the field;
 * the exception is error text from a failing worker, which is cut to {@link #MAX_ERROR_LENGTH} instead, because
 * refusing it would hide the failure.
 */
public final class Limits {
  /** Longest job type, in characters. */
  public static final int MAX_TYPE_LENGTH = 64;
  /** Longest owner or tenant id, in characters. */
  public static final int MAX_PRINCIPAL_LENGTH = 256;
  /** Longest exclusive key, in characters. */
  public static final int MAX_KEY_LENGTH = 256;
  /** Most attributes per job. */
  public static final int MAX_ATTRIBUTES = 32;
  /** Longest attribute name, in characters. */
  public static final int MAX_ATTRIBUTE_NAME_LENGTH = 64;
  /** Longest attribute value, in characters. */
  public static final int MAX_ATTRIBUTE_VALUE_LENGTH = 1024;
  /** Most steps per job. */
  public static final int MAX_STEPS = 100;
  /** Longest step name, in characters. */
  public static final int MAX_STEP_NAME_LENGTH = 64;
  /** Longest message (job or step), in characters. */
  public static final int MAX_MESSAGE_LENGTH = 2000;
  /** Longest error text, in characters; longer text is cut, not refused. */
  public static final int MAX_ERROR_LENGTH = 4000;
  /** Longest cancel reason, in characters. */
  public static final int MAX_REASON_LENGTH = 500;
  /** Largest result, in characters of JSON text. */
  public static final int MAX_RESULT_LENGTH = 65_536;
  /** Longest log line, in characters; longer text is cut, not refused. */
  public static final int MAX_LOG_LINE_LENGTH = 2000;
  /** Most log lines kept per step (and for the lines logged outside any step); older ones are dropped. */
  public static final int MAX_LOG_LINES_PER_STEP = 500;
  /** Most log text kept per step, in UTF-16 characters; older lines are dropped. */
  public static final int MAX_LOG_CHARS_PER_STEP = 65_536;

  private Limits() {}

  /**
   * Checks a required text field.
   *
   * @param field the field's name, for the message
   * @param value the value
   * @param maxLength the limit
   * @return the value
   * @throws IllegalArgumentException naming the field when the value is null, blank or too long
   */
  public static String requireText(String field, String value, int maxLength) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " must not be empty");
    }
    return checkLength(field, value, maxLength);
  }

  /**
   * Checks an optional text field.
   *
   * @param field the field's name, for the message
   * @param value the value, or null
   * @param maxLength the limit
   * @return the value
   * @throws IllegalArgumentException naming the field and the limit when the value is too long
   */
  public static String checkLength(String field, String value, int maxLength) {
    if (value != null && value.length() > maxLength) {
      throw new IllegalArgumentException(
          field + " is " + value.length() + " characters; the limit is " + maxLength);
    }
    return value;
  }
}
