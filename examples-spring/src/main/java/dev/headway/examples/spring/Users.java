package dev.headway.examples.spring;

import java.util.regex.Pattern;

/** The example's notion of a user: a name in a cookie, as a stand-in for real sign-in. */
final class Users {
  static final String COOKIE = "user";
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,31}");

  private Users() {}

  /** Returns the name if it is a well-formed user name, else null (anonymous). */
  static String valid(String name) {
    return name != null && NAME.matcher(name).matches() ? name : null;
  }
}
