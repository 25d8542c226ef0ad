package io.codis.proxy.route;

import io.codis.protocol.ErrorCode;
import io.codis.protocol.resp.RespValue;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Client authentication to the proxy ({@code --requirepass}), with Redis's replies: the default
 * user is the only user, so {@code AUTH password} and {@code AUTH default password} are the two
 * accepted forms. Separate from the password the proxy uses towards the nodes.
 */
final class Access {
  static final String WRONGPASS = "invalid username-password pair or user is disabled.";

  private final byte[] password;

  Access(String requirepass) {
    this.password = requirepass == null ? null : requirepass.getBytes(StandardCharsets.UTF_8);
  }

  /** AUTH with {@code argv[from..to)} = [username] password; marks the client on success. */
  RespValue auth(byte[][] argv, int from, int to, ClientState client) {
    int n = to - from;
    if (n < 1 || n > 2) {
      return Replies.error(ErrorCode.ERR, "syntax error");
    }
    if (password == null && n == 1) {
      return Replies.error(ErrorCode.ERR, "AUTH <password> called without any password configured "
          + "for the default user. Are you sure your configuration is correct?");
    }
    boolean userOk = n == 1 || "default".equals(new String(argv[from], StandardCharsets.UTF_8));
    byte[] given = argv[to - 1];
    // Without a password the default user accepts any password (Redis's nopass).
    boolean passOk = password == null || MessageDigest.isEqual(password, given);
    if (!userOk || !passOk) {
      return Replies.error(ErrorCode.WRONGPASS, WRONGPASS);
    }
    client.authenticated(true);
    return Replies.OK;
  }
}
