package io.codis.node.exec;

import io.codis.node.keyspace.Keyspace;
import io.codis.node.keyspace.ValueType;
import io.codis.node.server.Session;
import io.codis.protocol.command.CommandSpec;
import io.codis.protocol.resp.RespWriter;
import java.nio.charset.StandardCharsets;

/**
 * One command being executed: its arguments, the client, the keyspace, the reply writer, and
 * argument parsers that throw Redis's error texts. Reused by the dispatcher for every command, so a
 * handler must not keep it after it returns.
 */
public final class Call {
  private final NodeServices node;
  byte[][] argv;
  Session session;
  CommandSpec spec;
  boolean inTransaction;
  boolean reexecution;
  byte[] readyKey;
  boolean blockedByHandler;

  Call(NodeServices node) {
    this.node = node;
  }

  public NodeServices node() {
    return node;
  }

  public Keyspace keyspace() {
    return node.keyspace();
  }

  public Session session() {
    return session;
  }

  public CommandSpec spec() {
    return spec;
  }

  /** The reply writer for this client. */
  public RespWriter reply() {
    return session.out();
  }

  public byte[][] argv() {
    return argv;
  }

  public int argc() {
    return argv.length;
  }

  public byte[] arg(int index) {
    return argv[index];
  }

  /** The argument as text (UTF-8). */
  public String argString(int index) {
    return new String(argv[index], StandardCharsets.UTF_8);
  }

  /** True when argument {@code index} equals {@code word}, ignoring ASCII case. */
  public boolean argIs(int index, String word) {
    byte[] a = argv[index];
    if (a.length != word.length()) {
      return false;
    }
    for (int i = 0; i < a.length; i++) {
      int c = a[i] & 0xff;
      if (c >= 'A' && c <= 'Z') {
        c += 32;
      }
      int w = Character.toLowerCase(word.charAt(i));
      if (c != w) {
        return false;
      }
    }
    return true;
  }

  /** The argument as a signed 64-bit integer, or {@code ERR value is not an integer or out of range}. */
  public long argLong(int index) {
    return Numbers.parseLong(argv[index], Errors.NOT_INTEGER);
  }

  /** The argument as a double (Redis's string2d: inf allowed; NaN, spaces, 1e400 refused). */
  public double argDouble(int index) {
    return Numbers.parseDouble(argv[index], Errors.NOT_FLOAT);
  }

  /**
   * A blocking command's timeout in seconds as an absolute deadline in ms, 0 meaning forever; see
   * {@link BlockingTimeout} for Redis's exact rules.
   */
  public long argDeadlineMs(int index) {
    return BlockingTimeout.deadlineMs(argv[index], now());
  }

  /** Milliseconds since the epoch at the start of this command. */
  public long now() {
    return node.keyspace().now();
  }

  /** True inside EXEC (blocking commands then act as if their timeout expired). */
  public boolean inTransaction() {
    return inTransaction;
  }

  /** True when a blocked command is being run again because one of its keys changed. */
  public boolean reexecution() {
    return reexecution;
  }

  /**
   * During a {@link #reexecution()}, the key whose write woke this command (a client blocked on
   * several keys is served from the key that got data first, as in Redis 7.0); null otherwise.
   */
  public byte[] readyKey() {
    return readyKey;
  }

  /**
   * Returns the value at {@code key} if it is of {@code type}, null if absent; throws WRONGTYPE
   * otherwise.
   */
  public <T> T typed(byte[] key, Class<T> type) {
    Object value = node.keyspace().get(key);
    if (value == null) {
      return null;
    }
    if (!type.isInstance(value)) {
      throw new CommandException(Errors.WRONGTYPE);
    }
    return type.cast(value);
  }

  /** The string at {@code key}, null if absent, WRONGTYPE if another type. */
  public byte[] string(byte[] key) {
    return typed(key, byte[].class);
  }

  public ValueType typeOf(byte[] key) {
    return node.keyspace().typeOf(key);
  }

  /**
   * Blocks this client until one of {@code keys} is written or {@code deadlineMs} passes (0 = forever).
   * The handler writes no reply now; when a key changes the command is executed again
   * ({@link #reexecution()} true); on timeout the client receives a null array. Only allowed
   * when {@link #inTransaction()} is false.
   */
  public void block(byte[][] keys, long deadlineMs) {
    if (inTransaction) {
      throw new IllegalStateException("a command inside EXEC cannot block");
    }
    blockedByHandler = true;
    node.blocking().block(session, argv, keys, deadlineMs);
  }
}
