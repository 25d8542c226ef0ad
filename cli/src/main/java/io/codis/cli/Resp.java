package io.codis.cli;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A small blocking RESP2 client for the few commands codisctl sends to nodes and proxies (PING,
 * INFO, REPLICAOF, SLOTSINFO, SET/GET). Replies become String (simple and bulk strings, UTF-8),
 * Long, List, null, or {@link Error}. Every read has the socket timeout; replies are bounded by
 * {@link #BULK_BYTES_MAX} and {@link #ARRAY_LENGTH_MAX}.
 */
public final class Resp implements Closeable {
  /** Largest bulk string codisctl accepts in a reply (INFO is a few KiB). */
  static final int BULK_BYTES_MAX = 64 << 20;
  /** Largest array codisctl accepts in a reply (SLOTSINFO answers at most one row per slot). */
  static final int ARRAY_LENGTH_MAX = 1 << 20;

  /** An error reply, e.g. {@code ERR unknown command 'REPLICAOF'}. */
  public record Error(String message) {
    public boolean unknownCommand() {
      return message.startsWith("ERR unknown command");
    }
  }

  /** Password sent with AUTH on every new connection (codisctl --node-password), or null. */
  private static volatile String password;

  private final String addr;
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  private Resp(String addr, Socket socket) throws IOException {
    this.addr = addr;
    this.socket = socket;
    this.in = new BufferedInputStream(socket.getInputStream());
    this.out = new BufferedOutputStream(socket.getOutputStream());
  }

  /** Connects to host:port; throws a CliException (unreachable) with the address on failure. */
  public static Resp connect(String addr, int timeoutMs) {
    int colon = addr.lastIndexOf(':');
    if (colon <= 0) {
      throw new CliException(Exit.USAGE, "address " + addr + " (expected: host:port)", null);
    }
    Socket s = new Socket();
    try {
      s.connect(new InetSocketAddress(addr.substring(0, colon),
          Integer.parseInt(addr.substring(colon + 1))), timeoutMs);
      s.setSoTimeout(timeoutMs);
      s.setTcpNoDelay(true);
      Resp r = new Resp(addr, s);
      String pass = password;
      if (pass != null && r.call("AUTH", pass) instanceof Error e) {
        r.close();
        throw CliException.refused(addr + " refused AUTH: " + e.message(),
            "check --node-password (or CODIS_NODE_PASSWORD)");
      }
      return r;
    } catch (IOException | NumberFormatException e) {
      try {
        s.close();
      } catch (IOException ignored) {
        // nothing to release
      }
      throw CliException.unreachable("cannot connect to " + addr + ": " + e.getMessage(),
          "check that the process at " + addr + " runs (codisctl cluster status)");
    }
  }

  /** Sets the password for nodes and proxies that require one (null or empty: none). */
  public static void password(String value) {
    password = value == null || value.isEmpty() ? null : value;
  }

  public String addr() {
    return addr;
  }

  /** Sends one command and reads its reply. I/O failures become CliException (unreachable). */
  public Object call(String... args) {
    try {
      write(args);
      return read();
    } catch (IOException e) {
      throw CliException.unreachable(addr + " did not answer " + args[0] + ": " + e.getMessage(),
          "check that the process at " + addr + " runs");
    }
  }

  /** Like call, but an error reply becomes a CliException (refused). */
  public Object callOk(String... args) {
    Object r = call(args);
    if (r instanceof Error e) {
      throw CliException.refused(addr + " answered " + args[0] + ": " + e.message(),
          e.message().startsWith("NOAUTH") ? "pass --node-password (or set CODIS_NODE_PASSWORD)" : null);
    }
    return r;
  }

  private void write(String[] args) throws IOException {
    out.write(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
    for (String a : args) {
      byte[] b = a.getBytes(StandardCharsets.UTF_8);
      out.write(("$" + b.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(b);
      out.write('\r');
      out.write('\n');
    }
    out.flush();
  }

  private Object read() throws IOException {
    int type = in.read();
    if (type < 0) {
      throw new EOFException("connection closed");
    }
    String line = line();
    switch (type) {
      case '+':
        return line;
      case '-':
        return new Error(line);
      case ':':
        return Long.parseLong(line);
      case '$': {
        int n = Integer.parseInt(line);
        if (n < 0) {
          return null;
        }
        if (n > BULK_BYTES_MAX) {
          throw new IOException("bulk length: " + n + " (expected: <= " + BULK_BYTES_MAX + ")");
        }
        byte[] b = in.readNBytes(n + 2);
        if (b.length != n + 2) {
          throw new EOFException("connection closed in a bulk string");
        }
        return new String(b, 0, n, StandardCharsets.UTF_8);
      }
      case '*': {
        int n = Integer.parseInt(line);
        if (n < 0) {
          return null;
        }
        if (n > ARRAY_LENGTH_MAX) {
          throw new IOException("array length: " + n + " (expected: <= " + ARRAY_LENGTH_MAX + ")");
        }
        List<Object> items = new ArrayList<>(Math.min(n, 1024));
        for (int i = 0; i < n; i++) {
          items.add(read());
        }
        return items;
      }
      default:
        throw new IOException("unexpected reply type '" + (char) type + "'");
    }
  }

  private String line() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream(64);
    int prev = -1;
    while (true) {
      int c = in.read();
      if (c < 0) {
        throw new EOFException("connection closed in a reply line");
      }
      if (prev == '\r' && c == '\n') {
        byte[] bytes = b.toByteArray();
        return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
      }
      if (b.size() > BULK_BYTES_MAX) {
        throw new IOException("reply line too long");
      }
      b.write(c);
      prev = c;
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing a socket we are done with
    }
  }
}
