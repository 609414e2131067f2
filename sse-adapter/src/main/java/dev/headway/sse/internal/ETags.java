package dev.headway.sse.internal;

/**
 * Entity tags from versions. A job's version never names two different states (the core draws it from the clock,
 * above anything a crashed process could have shown), so a quoted version is a strong validator.
 */
final class ETags {
  private ETags() {}

  static String of(long version) {
    return "\"" + version + "\"";
  }

  /**
   * Returns whether an {@code If-None-Match} header matches a version.
   *
   * @param header the header's value, or null
   * @param version the current version
   * @return true for {@code *}, or when one of the listed tags (weak or strong) is the version
   */
  static boolean matches(String header, long version) {
    if (header == null) {
      return false;
    }
    String wanted = of(version);
    for (String tag : header.split(",")) {
      String t = tag.strip();
      if (t.startsWith("W/")) {
        t = t.substring(2);
      }
      if (t.equals("*") || t.equals(wanted)) {
        return true;
      }
    }
    return false;
  }
}
