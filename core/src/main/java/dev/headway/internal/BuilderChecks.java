package dev.headway.internal;

import java.time.Duration;
import java.util.Objects;

/** The checks every Headway builder makes of its settings, in one place so they read and fail alike. */
public final class BuilderChecks {
  private BuilderChecks() {}

  /**
   * Returns a setting's value, refusing null and a second setting.
   *
   * @param <T> the setting's type
   * @param current the value set so far, or null
   * @param value the new value
   * @param name the setting's name, for the message
   * @return {@code value}
   * @throws IllegalStateException if the setting was already given
   */
  public static <T> T once(T current, T value, String name) {
    Objects.requireNonNull(value, name);
    if (current != null) {
      throw new IllegalStateException(name + " was already set to " + current);
    }
    return value;
  }

  /**
   * Returns the value, or the default when the setting was not given.
   *
   * @param <T> the setting's type
   * @param value the value, or null
   * @param fallback the default
   * @return one of the two
   */
  public static <T> T orDefault(T value, T fallback) {
    return value == null ? fallback : value;
  }

  /**
   * Checks that a duration is above zero.
   *
   * @param name the setting's name, for the message
   * @param d the duration
   * @return {@code d}
   * @throws IllegalArgumentException naming the setting otherwise
   */
  public static Duration positive(String name, Duration d) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + d);
    }
    return d;
  }

  /**
   * Checks that a duration is zero or more.
   *
   * @param name the setting's name, for the message
   * @param d the duration
   * @return {@code d}
   * @throws IllegalArgumentException naming the setting otherwise
   */
  public static Duration notNegative(String name, Duration d) {
    Objects.requireNonNull(d, name);
    if (d.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, was " + d);
    }
    return d;
  }
}
