package dev.headway.examples.demo;

import dev.headway.sse.RequestView;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.util.regex.Pattern;

/**
 * Who the caller is, demo style: the cookie {@code demo_user} set by the page's user picker, or the header
 * {@code X-Demo-User}, else {@code alice}. A real host takes this from its login instead.
 */
final class DemoUser {
  static final String COOKIE = "demo_user";
  static final String HEADER = "X-Demo-User";
  static final String DEFAULT = "alice";
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,31}");

  private DemoUser() {}

  /** For the Headway endpoints. */
  static String of(RequestView request) {
    return pick(request.header(HEADER), request.cookie(COOKIE));
  }

  /** For the demo's own servlet. */
  static String of(HttpServletRequest request) {
    String cookie = null;
    if (request.getCookies() != null) {
      for (Cookie c : request.getCookies()) {
        if (COOKIE.equals(c.getName())) {
          cookie = c.getValue();
        }
      }
    }
    return pick(request.getHeader(HEADER), cookie);
  }

  private static String pick(String header, String cookie) {
    if (header != null && NAME.matcher(header).matches()) {
      return header;
    }
    return cookie != null && NAME.matcher(cookie).matches() ? cookie : DEFAULT;
  }
}
