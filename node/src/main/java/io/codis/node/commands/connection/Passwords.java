package io.codis.node.commands.connection;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The default user's credentials check (there are no other ACL users yet). Without requirepass the
 * default user is "nopass": any password is accepted for it, as in Redis.
 */
final class Passwords {
  private Passwords() {}

  static boolean check(String requirepass, String user, String password) {
    if (!"default".equals(user)) {
      return false;
    }
    if (requirepass == null) {
      return true;
    }
    // Constant-time comparison: the time taken must not reveal how much of the password matched.
    return MessageDigest.isEqual(
        requirepass.getBytes(StandardCharsets.UTF_8), password.getBytes(StandardCharsets.UTF_8));
  }
}
