package dev.headway.sse;

import java.util.Optional;

/**
 * What the endpoints show a host about a request, the same whatever server carries it: enough to tell who the
 * caller is from a header, a cookie or the server's own request object.
 *
 * <pre>{@code
 * .principal(request -> request.header("X-User"))                       // set by an authenticating proxy
 * .principal(request -> sessions.userOf(request.cookie("SID")))
 * .principal(request -> request.unwrap(HttpServletRequest.class)      // the container's session
 *     .map(r -> (String) r.getSession(true).getAttribute("user")).orElse(null))
 * }</pre>
 */
public interface RequestView {

  /**
   * Returns the HTTP method.
   *
   * @return for example {@code GET}
   */
  String method();

  /**
   * Returns the path below the point where the host mounted the endpoints.
   *
   * @return for example {@code /jobs/abc/events}; {@code /} for the mount point itself
   */
  String path();

  /**
   * Returns a request header.
   *
   * @param name the header's name, in any case
   * @return its first value, or null when absent
   */
  String header(String name);

  /**
   * Returns a query parameter.
   *
   * @param name the parameter's name
   * @return its first value, decoded, or null when absent
   */
  String query(String name);

  /**
   * Returns a cookie's value.
   *
   * @param name the cookie's name
   * @return its value, or null when the request has no such cookie
   */
  String cookie(String name);

  /**
   * Returns the server's own request object, for what this view does not show (a servlet session, a TLS client
   * certificate).
   *
   * @param type {@code jakarta.servlet.http.HttpServletRequest} under a servlet container,
   *     {@code com.sun.net.httpserver.HttpExchange} under the JDK server
   * @param <T> the type
   * @return the object, or empty when this request is not carried by that type
   */
  <T> Optional<T> unwrap(Class<T> type);
}
