package dev.headway.benchmarks.streams;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code --name value} command lines of the stream load tools, checked against the names each tool knows, so
 * a typo fails at once instead of running a long load with a default.
 */
final class Args {
  private final Map<String, String> values = new HashMap<>();

  private Args(String[] args, Set<String> known, String usage) {
    for (int i = 0; i < args.length; i++) {
      String name = args[i];
      if (name.equals("--help") || name.equals("-h")) {
        throw new IllegalArgumentException(usage);
      }
      if (!known.contains(name)) {
        throw new IllegalArgumentException("unknown option " + name + "\n" + usage);
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("missing the value of " + name + "\n" + usage);
      }
      values.put(name, args[++i]);
    }
  }

  /**
   * Parses a command line.
   *
   * @param args the arguments, pairs of {@code --name value}
   * @param usage what to print on {@code --help} or a mistake; the names it lists are the known ones
   * @return the parsed options
   * @throws IllegalArgumentException with the usage, on {@code --help} or an unknown or incomplete option
   */
  static Args parse(String[] args, String usage) {
    Set<String> known = new HashSet<>();
    for (String word : usage.split("\\s+")) {
      if (word.startsWith("--")) {
        known.add(word);
      }
    }
    return new Args(args, known, usage);
  }

  /**
   * Returns a text option.
   *
   * @param name the option, with its dashes
   * @param otherwise the default
   * @return the value given, else the default
   */
  String text(String name, String otherwise) {
    return values.getOrDefault(name, otherwise);
  }

  /**
   * Returns a whole number option of at least {@code min}.
   *
   * @param name the option, with its dashes
   * @param otherwise the default
   * @param min the least value allowed
   * @return the value given, else the default
   */
  int integer(String name, int otherwise, int min) {
    String value = values.get(name);
    if (value == null) {
      return otherwise;
    }
    try {
      int n = Integer.parseInt(value.replace("_", ""));
      if (n >= min) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(name + " takes a whole number of at least " + min + ", was " + value);
  }

  /**
   * Returns a comma-separated list of whole numbers, each at least 1.
   *
   * @param name the option, with its dashes
   * @param otherwise the default, comma-separated
   * @return the values in the order given
   */
  List<Integer> integers(String name, String otherwise) {
    List<Integer> list = new ArrayList<>();
    for (String part : text(name, otherwise).split(",")) {
      try {
        int n = Integer.parseInt(part.trim().replace("_", ""));
        if (n >= 1) {
          list.add(n);
          continue;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new IllegalArgumentException(name + " takes whole numbers of at least 1, was " + part);
    }
    return list;
  }
}
