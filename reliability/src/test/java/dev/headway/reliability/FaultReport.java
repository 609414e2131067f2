package dev.headway.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The counts one fault test prints (kills, states acknowledged, lost, overwritten, keys held twice, time to sweep,
 * ...), in the order they were first counted. Printed before anything is asserted, so a failing run still shows its
 * figures; each line is also appended to {@code target/reliability-counts.txt} for RELIABILITY.md.
 */
final class FaultReport {
  private static final Path COUNTS_FILE = Path.of("target", "reliability-counts.txt");

  private final String fault;
  private final Map<String, Long> counts = new LinkedHashMap<>();

  FaultReport(String fault) {
    this.fault = fault;
  }

  /** Adds to a count. */
  synchronized void add(String name, long amount) {
    counts.merge(name, amount, Long::sum);
  }

  /** Keeps the largest value seen, for durations. */
  synchronized void max(String name, long value) {
    counts.merge(name, value, Math::max);
  }

  /** Shows a count at zero even when nothing was counted, so every report has the same columns. */
  synchronized void declare(String... names) {
    for (String name : names) {
      counts.putIfAbsent(name, 0L);
    }
  }

  /** The value of a count, 0 when never counted. */
  synchronized long get(String name) {
    return counts.getOrDefault(name, 0L);
  }

  /** Prints the counts as one line and appends it to the counts file. */
  synchronized void print() {
    String line = "FAULT " + fault + ": " + counts.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
    System.out.println(line);
    try {
      Files.createDirectories(COUNTS_FILE.getParent());
      Files.writeString(COUNTS_FILE, line + System.lineSeparator(), StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Prints the counts, then asserts that each named one is zero, all of them reported together.
   *
   * @param names the counts that must be zero
   */
  void printAndAssertZero(String... names) {
    print();
    Map<String, Long> nonZero = Stream.of(names).filter(name -> get(name) != 0)
        .collect(Collectors.toMap(name -> name, this::get, (a, b) -> a, LinkedHashMap::new));
    assertThat(nonZero).as("%s: counts that must be 0", fault).isEmpty();
  }
}
