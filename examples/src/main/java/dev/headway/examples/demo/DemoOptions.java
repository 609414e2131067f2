package dev.headway.examples.demo;

/**
 * The demo's command line: {@code --port <n>} (default 8080, 0 for any free port), {@code --db <jdbc-url>} (default
 * an H2 file under {@code ./data/}) and {@code --speed <factor>} (simulated work runs that many times faster).
 *
 * @param port the HTTP port
 * @param jdbcUrl the database holding the jobs
 * @param speed how many times faster than real time the simulated work runs
 */
public record DemoOptions(int port, String jdbcUrl, double speed) {
  /** The default database: an H2 file in {@code ./data/}, created on first start. */
  public static final String DEFAULT_DB = "jdbc:h2:file:./data/headway-demo";

  /** Checks the values. */
  public DemoOptions {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--port must be 0-65535, was " + port);
    }
    if (!jdbcUrl.startsWith("jdbc:")) {
      throw new IllegalArgumentException("--db must be a JDBC URL (jdbc:h2:..., jdbc:postgresql://...), was " + jdbcUrl);
    }
    if (!(speed > 0)) {
      throw new IllegalArgumentException("--speed must be positive, was " + speed);
    }
  }

  /**
   * Reads the command line.
   *
   * @param args for example {@code --port 9000 --db jdbc:postgresql://localhost/app?user=app --speed 2}
   * @return the options
   * @throws IllegalArgumentException on an unknown option or a bad value, with a usage line
   */
  public static DemoOptions parse(String... args) {
    int port = 8080;
    String db = DEFAULT_DB;
    double speed = 1;
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      if (value == null && args[i].startsWith("--")) {
        throw new IllegalArgumentException(args[i] + " needs a value. " + usage());
      }
      try {
        switch (args[i]) {
          case "--port" -> port = Integer.parseInt(value);
          case "--db" -> db = value;
          case "--speed" -> speed = Double.parseDouble(value);
          default -> throw new IllegalArgumentException("unknown option " + args[i] + ". " + usage());
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(args[i] + " needs a number, was " + value + ". " + usage(), e);
      }
      i++;
    }
    return new DemoOptions(port, db, speed);
  }

  /**
   * Returns the usage line.
   *
   * @return how to call the demo
   */
  public static String usage() {
    return "Usage: ./demo [--port 8080] [--db jdbc-url] [--speed factor]";
  }
}
