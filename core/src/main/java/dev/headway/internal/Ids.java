package dev.headway.internal;

import java.security.SecureRandom;
import java.util.Base64;

/** Makes job ids: 128 random bits, URL-safe Base64 without padding (22 characters). Thread-safe. */
final class Ids {
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  private final SecureRandom random = new SecureRandom();

  String next() {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    return ENCODER.encodeToString(bytes);
  }
}
