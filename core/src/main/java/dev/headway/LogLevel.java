package dev.headway;

import dev.headway.internal.WireNames;

/** How much a {@linkplain Job#log log line} matters. */
public enum LogLevel {
  /** Detail for whoever debugs the work. */
  DEBUG,
  /** What the work is doing; the level of {@link Job#log(String)}. */
  INFO,
  /** Something went wrong but the work goes on. */
  WARN,
  /** Something failed. */
  ERROR;

  /**
   * Returns the name used on the wire.
   *
   * @return for example {@code warn}
   */
  public String wireName() {
    return WireNames.of(this);
  }

  /**
   * Parses a wire name.
   *
   * @param wireName for example {@code info}
   * @return the level
   * @throws IllegalArgumentException naming the value when it is not a level
   */
  public static LogLevel fromWireName(String wireName) {
    return WireNames.parse(values(), wireName, "log level");
  }
}
