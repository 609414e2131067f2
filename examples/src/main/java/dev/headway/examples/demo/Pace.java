package dev.headway.examples.demo;

import java.util.concurrent.ThreadLocalRandom;

/** Simulated work: sleeps for about the given time, unevenly, divided by the demo's {@code --speed}. */
final class Pace {
  private final double speed;

  Pace(double speed) {
    this.speed = speed;
  }

  /** Works for about {@code millis} (from 0.5 to 1.7 times that, at speed 1). */
  void work(long millis) throws InterruptedException {
    double uneven = 0.5 + 1.2 * ThreadLocalRandom.current().nextDouble();
    Thread.sleep(Math.max(1, Math.round(millis * uneven / speed)));
  }
}
