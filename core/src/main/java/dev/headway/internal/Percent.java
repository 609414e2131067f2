package dev.headway.internal;

/** Turns fractions into the percent shown on the wire: 0–100, rounded down to 0.01 so 100 means done. */
final class Percent {
  private Percent() {}

  static double of(double fraction) {
    double clamped = Math.max(0, Math.min(1, fraction));
    return Math.floor(clamped * 10_000) / 100;
  }
}
