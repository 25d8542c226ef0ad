package io.codis.node.exec;

/** Redis 7's error texts that clients parse or tests compare, in one place. */
public final class Errors {
  public static final String SYNTAX = "ERR syntax error";
  public static final String NOT_INTEGER = "ERR value is not an integer or out of range";
  public static final String NOT_FLOAT = "ERR value is not a valid float";
  public static final String OVERFLOW = "ERR increment or decrement would overflow";
  public static final String WRONGTYPE =
      "WRONGTYPE Operation against a key holding the wrong kind of value";
  public static final String NO_SUCH_KEY = "ERR no such key";
  public static final String INDEX_OUT_OF_RANGE = "ERR index out of range";
  public static final String NOAUTH = "NOAUTH Authentication required.";
  public static final String WRONGPASS =
      "WRONGPASS invalid username-password pair or user is disabled.";
  public static final String TIMEOUT_NOT_FLOAT = "ERR timeout is not a float or out of range";
  public static final String TIMEOUT_NEGATIVE = "ERR timeout is negative";
  public static final String TIMEOUT_NOT_INTEGER = "ERR timeout is not an integer or out of range";
  public static final String INVALID_EXPIRE = "ERR invalid expire time in '%s' command";
  public static final String STRING_TOO_LONG = "ERR string exceeds maximum allowed size (proto-max-bulk-len)";
  public static final String DB_INDEX_OUT_OF_RANGE = "ERR DB index is out of range";

  private Errors() {}

  public static String wrongArgs(String commandName) {
    return "ERR wrong number of arguments for '" + commandName + "' command";
  }

  public static String invalidExpire(String commandName) {
    return String.format(INVALID_EXPIRE, commandName);
  }

  public static String unknownSubcommand(String subcommand, String container) {
    return "ERR unknown subcommand '" + subcommand + "'. Try " + container.toUpperCase(java.util.Locale.ROOT) + " HELP.";
  }
}
