package io.codis.meta.server.control;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
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
 * A minimal blocking RESP2 client for the metaserver's own calls to nodes (PING, INFO, MASTERFENCE):
 * one socket, one command at a time, every read bounded by the socket timeout. Replies map to
 * String (simple string and bulk), {@link Error}, Long, null, or List. Not thread-safe.
 */
public final class RespConnection implements AutoCloseable {
  /** Largest bulk reply accepted (INFO replication is a few hundred bytes). */
  static final int BULK_BYTES_MAX = 1 << 20;
  /** Largest array reply accepted (ROLE of a master lists its replicas). */
  static final int ARRAY_LENGTH_MAX = 1024;
  /** Longest header line (+, -, :, $, *) accepted. */
  static final int LINE_BYTES_MAX = 64 * 1024;

  /** An error reply: its text without the leading '-'. */
  public record Error(String text) {
    public String code() {
      int space = text.indexOf(' ');
      return space < 0 ? text : text.substring(0, space);
    }
  }

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  private RespConnection(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new BufferedInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  /** Connects to host:port; timeoutMs bounds the connect and every later read. */
  public static RespConnection open(String addr, long timeoutMs) throws IOException {
    int colon = addr.lastIndexOf(':');
    if (colon <= 0) {
      throw new IOException("address: " + addr + " (expected: host:port)");
    }
    Socket s = new Socket();
    try {
      s.setTcpNoDelay(true);
      s.setSoTimeout((int) timeoutMs);
      s.connect(new InetSocketAddress(addr.substring(0, colon),
          Integer.parseInt(addr.substring(colon + 1))), (int) timeoutMs);
      return new RespConnection(s);
    } catch (IOException | RuntimeException e) {
      s.close();
      throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
    }
  }

  /** Opens and authenticates when a password is given (a refused AUTH throws). */
  public static RespConnection open(String addr, long timeoutMs, String password) throws IOException {
    RespConnection c = open(addr, timeoutMs);
    if (password != null && !password.isEmpty()) {
      Object r = c.call("AUTH", password);
      if (r instanceof Error e) {
        c.close();
        throw new IOException("AUTH refused by " + addr + ": " + e.text());
      }
    }
    return c;
  }

  /** Sends one command and reads its reply. */
  public Object call(String... args) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
    for (String a : args) {
      byte[] bytes = a.getBytes(StandardCharsets.UTF_8);
      b.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
      b.writeBytes(bytes);
      b.writeBytes(new byte[] {'\r', '\n'});
    }
    out.write(b.toByteArray());
    out.flush();
    return read(0);
  }

  private Object read(int depth) throws IOException {
    if (depth > 8) {
      throw new IOException("reply nesting: " + depth + " (expected: <= 8)");
    }
    String line = line();
    if (line.isEmpty()) {
      throw new IOException("empty reply line");
    }
    String rest = line.substring(1);
    switch (line.charAt(0)) {
      case '+':
        return rest;
      case '-':
        return new Error(rest);
      case ':':
        return number(rest);
      case '$': {
        long n = number(rest);
        if (n < 0) {
          return null;
        }
        if (n > BULK_BYTES_MAX) {
          throw new IOException("bulk length: " + n + " (expected: <= " + BULK_BYTES_MAX + ")");
        }
        byte[] data = in.readNBytes((int) n + 2);
        if (data.length != n + 2) {
          throw new EOFException("connection closed in a bulk reply");
        }
        return new String(data, 0, (int) n, StandardCharsets.UTF_8);
      }
      case '*': {
        long n = number(rest);
        if (n < 0) {
          return null;
        }
        if (n > ARRAY_LENGTH_MAX) {
          throw new IOException("array length: " + n + " (expected: <= " + ARRAY_LENGTH_MAX + ")");
        }
        List<Object> items = new ArrayList<>((int) Math.min(n, 16));
        for (long i = 0; i < n; i++) {
          items.add(read(depth + 1));
        }
        return items;
      }
      default:
        throw new IOException("unexpected reply type: " + line.charAt(0));
    }
  }

  private static long number(String s) throws IOException {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw new IOException("not a number: " + s);
    }
  }

  private String line() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream(64);
    while (true) {
      int c = in.read();
      if (c < 0) {
        throw new EOFException("connection closed");
      }
      if (c == '\r') {
        if (in.read() != '\n') {
          throw new IOException("expected LF after CR");
        }
        return b.toString(StandardCharsets.UTF_8);
      }
      if (b.size() >= LINE_BYTES_MAX) {
        throw new IOException("reply line length (expected: <= " + LINE_BYTES_MAX + ")");
      }
      b.write(c);
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // nothing to do: the socket is gone either way
    }
  }
}
