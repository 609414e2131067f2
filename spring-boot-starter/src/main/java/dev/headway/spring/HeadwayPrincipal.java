package dev.headway.spring;

import dev.headway.sse.RequestView;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;

/**
 * Tells the endpoints who the caller is. The default is the servlet request's {@code getUserPrincipal()} name, so
 * Spring Security (or any container authentication) works as it is; declare a bean of this type to replace it.
 */
@FunctionalInterface
public interface HeadwayPrincipal {

  /**
   * Returns the caller's principal id.
   *
   * @param request the request
   * @return the id, or null for an anonymous caller
   */
  String of(RequestView request);

  /**
   * Returns the default: the authenticated user's name from the servlet request.
   *
   * @return the principal function
   */
  static HeadwayPrincipal userPrincipal() {
    return request -> request.unwrap(HttpServletRequest.class)
        .map(HttpServletRequest::getUserPrincipal)
        .map(Principal::getName)
        .orElse(null);
  }
}
