package dev.headway.examples.demo;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Gives a caller without a (well-formed) demo identity one of their own: a random {@code guest-…} name, set as the
 * {@code demo_user} cookie and seen by this very request too, so the page, its streams and its POSTs agree on it.
 * A malformed cookie is replaced, never read as someone else's name.
 */
final class GuestCookie implements Filter {
  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest http = (HttpServletRequest) request;
    if (DemoUser.known(http.getHeader(DemoUser.HEADER), DemoUser.cookie(http)) != null) {
      chain.doFilter(request, response);
      return;
    }
    Cookie guest = new Cookie(DemoUser.COOKIE, DemoUser.newGuest());
    guest.setPath("/");
    guest.setMaxAge(365 * 24 * 3600);
    guest.setAttribute("SameSite", "Lax"); // read by the page's script, so not HttpOnly: it is a name, not a secret
    ((HttpServletResponse) response).addCookie(guest);
    chain.doFilter(new WithCookie(http, guest), response);
  }

  /** The request as if the browser had sent the new cookie (in place of a malformed one). */
  private static final class WithCookie extends HttpServletRequestWrapper {
    private final Cookie guest;

    WithCookie(HttpServletRequest request, Cookie guest) {
      super(request);
      this.guest = guest;
    }

    @Override
    public Cookie[] getCookies() {
      Cookie[] sent = super.getCookies();
      List<Cookie> cookies = new ArrayList<>(sent == null ? List.of() : Arrays.asList(sent));
      cookies.removeIf(c -> DemoUser.COOKIE.equals(c.getName()));
      cookies.add(guest);
      return cookies.toArray(new Cookie[0]);
    }
  }
}
