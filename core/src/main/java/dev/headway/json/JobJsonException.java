package dev.headway.json;

/**
 * JSON that is not a valid job snapshot or event, or a snapshot that cannot be written as JSON.
 *
 * <p>The message names the field and the problem, for example {@code field 'status': unknown job status
 * 'runing'}; {@link #field()} gives the field alone, for a host that answers with a structured error.
 */
public final class JobJsonException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** The field's path, or null when the problem is not about one field. */
  private final String field;

  /**
   * Creates the exception.
   *
   * @param field the path of the field, for example {@code steps[1].status}, or null
   * @param problem what is wrong with it
   * @param cause the underlying exception, or null
   */
  JobJsonException(String field, String problem, Throwable cause) {
    super(field == null || field.isEmpty() ? problem : "field '" + field + "': " + problem, cause);
    this.field = field == null || field.isEmpty() ? null : field;
  }

  /**
   * Returns the path of the field that is wrong: a top-level name such as {@code status}, or a dotted path with
   * array indexes such as {@code steps[1].status} or {@code job.eta.at}.
   *
   * @return the field's path, or null when the problem is not about one field (for example, the input is not a
   *     JSON object)
   */
  public String field() {
    return field;
  }
}
