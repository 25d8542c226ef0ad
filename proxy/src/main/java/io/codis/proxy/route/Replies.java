package io.codis.proxy.route;

import io.codis.protocol.ErrorCode;
import io.codis.protocol.resp.RespValue;
import java.nio.charset.StandardCharsets;

/** The proxy's own error and status replies, each starting with a code of the catalogue. */
public final class Replies {
  public static final RespValue OK = new RespValue.SimpleString("OK");
  public static final String SLOT_NOT_SERVED = "Hash slot not served";
  public static final String CROSSSLOT = "Keys in request don't hash to the same slot";

  private Replies() {}

  public static RespValue error(ErrorCode code, String message) {
    return new RespValue.ErrorValue(code.format(message));
  }

  public static RespValue bulk(byte[] bytes) {
    return new RespValue.BulkString(bytes);
  }

  public static RespValue bulk(String text) {
    return RespValue.BulkString.of(text);
  }

  /** {@code -ERR '<name>' is not supported by the proxy yet}: a command this increment lacks. */
  public static RespValue notYet(String name) {
    return error(ErrorCode.ERR, "'" + name + "' is not supported by the proxy yet");
  }

  /** Redis 7's text for an unknown command, quoting up to 128 bytes of arguments. */
  public static RespValue unknownCommand(byte[][] argv) {
    StringBuilder args = new StringBuilder();
    for (int i = 1; i < argv.length && args.length() < 128; i++) {
      String a = new String(argv[i], StandardCharsets.UTF_8);
      int room = 128 - args.length();
      args.append('\'').append(a, 0, Math.min(a.length(), room)).append("' ");
    }
    String name = new String(argv[0], StandardCharsets.UTF_8);
    if (name.length() > 128) {
      name = name.substring(0, 128);
    }
    return error(ErrorCode.ERR, "unknown command '" + name + "', with args beginning with: " + args);
  }

  /**
   * Redis's execCommandAbort: an EXEC refused before it runs (arity, auth...) answers EXECABORT with
   * the refusal's text, inside MULTI or not, and discards any transaction.
   */
  public static RespValue execAbort(String refusalText) {
    String reason = refusalText.startsWith("ERR ") ? refusalText.substring(4) : refusalText;
    return error(ErrorCode.EXECABORT, "Transaction discarded because of: " + reason);
  }

  public static RespValue arity(String fullName) {
    return error(ErrorCode.ERR, "wrong number of arguments for '" + fullName + "' command");
  }
}
