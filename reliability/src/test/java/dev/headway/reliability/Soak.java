package dev.headway.reliability;

import java.util.Random;

/**
 * The suite's two lengths: the CI run (a few minutes on two cores) and the soak, {@code -Dheadway.soak=true}, with
 * more rounds and longer outages. Random choices come from a seed that is printed, and can be given back with
 * {@code -Dheadway.seed=N} to replay a run.
 */
final class Soak {
  private Soak() {}

  /** Whether this is the soak run. */
  static boolean enabled() {
    return Boolean.getBoolean("headway.soak");
  }

  /** The CI figure, or the soak figure in a soak run. */
  static int choose(int ci, int soak) {
    return enabled() ? soak : ci;
  }

  /**
   * A random source for one test, printing its seed.
   *
   * @param test the test's name
   * @return the random source
   */
  static Random random(String test) {
    long seed = Long.getLong("headway.seed", System.nanoTime());
    System.out.println(test + ": seed " + seed + " (replay with -Dheadway.seed=" + seed + ")");
    return new Random(seed);
  }
}
