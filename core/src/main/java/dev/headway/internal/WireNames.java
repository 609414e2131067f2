package dev.headway.internal;

import java.util.Locale;

/** The wire form of Headway's enums: the constant's name in lower case. */
public final class WireNames {
  private WireNames() {}

  /**
   * Returns a constant's wire name.
   *
   * @param constant an enum constant
   * @return its name in lower case, for example {@code step_started}
   */
  public static String of(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a wire name.
   *
   * @param <E> the enum
   * @param values the enum's constants
   * @param wireName the text to parse
   * @param what what the enum is called in the message, for example {@code job status}
   * @return the constant
   * @throws IllegalArgumentException naming the value when no constant has that wire name
   */
  public static <E extends Enum<E>> E parse(E[] values, String wireName, String what) {
    for (E value : values) {
      if (of(value).equals(wireName)) {
        return value;
      }
    }
    throw new IllegalArgumentException("unknown " + what + " '" + wireName + "'");
  }
}
