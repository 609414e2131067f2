package dev.headway.examples.demo;

import dev.headway.sse.RequestView;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Who the caller is, demo style: the cookie {@code demo_user} (set by the page's user picker, or by {@link
 * GuestCookie} on a first visit), or the header {@code X-Demo-User} for curl. A name that is missing or malformed
 * never becomes someone else: the caller gets a fresh {@code guest-…} identity that owns nothing. A real host takes
 * this from its login instead.
 */
final class DemoUser {
  static final String COOKIE = "demo_user";
  static final String HEADER = "X-Demo-User";
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,31}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private DemoUser() {}

  /** For the Headway endpoints. */
  static String of(RequestView request) {
    String known = known(request.header(HEADER), request.cookie(COOKIE));
    return known != null ? known : newGuest();
  }

  /** For the demo's own servlet. */
  static String of(HttpServletRequest request) {
    String known = known(request.getHeader(HEADER), cookie(request));
    return known != null ? known : newGuest();
  }

  /**
   * Returns the caller's well-formed name, or null.
   *
   * @param header the header's value, may be null
   * @param cookie the cookie's value, may be null
   * @return the header if well-formed, else the cookie if well-formed, else null
   */
  static String known(String header, String cookie) {
    if (valid(header)) {
      return header;
    }
    return valid(cookie) ? cookie : null;
  }

  static String cookie(HttpServletRequest request) {
    if (request.getCookies() != null) {
      for (Cookie c : request.getCookies()) {
        if (COOKIE.equals(c.getName())) {
          return c.getValue();
        }
      }
    }
    return null;
  }

  static boolean valid(String name) {
    return name != null && NAME.matcher(name).matches();
  }

  /** A name nobody else has: 48 random bits. */
  static String newGuest() {
    byte[] bytes = new byte[6];
    RANDOM.nextBytes(bytes);
    return "guest-" + HexFormat.of().formatHex(bytes);
  }
}
