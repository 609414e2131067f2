package dev.headway.spi;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How long one completed job took, in all and per step: the history an {@link EtaEstimator} learns from.
 *
 * @param duration from start to completion
 * @param steps each completed step's duration, by name; empty when the job had no steps
 */
public record JobRun(Duration duration, Map<String, Duration> steps) {
  /** Checks the duration and freezes the map. */
  public JobRun {
    Objects.requireNonNull(duration, "duration");
    steps = steps == null ? Map.of() : Map.copyOf(steps);
  }
}
