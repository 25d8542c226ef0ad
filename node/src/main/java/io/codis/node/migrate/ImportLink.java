package io.codis.node.migrate;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The source's blocking connection to the target's RESP port, used by one {@link MigrationWorker}
 * thread (never the event loop). It sends one command at a time and reads one short reply: the
 * target answers migration commands with simple strings, integers or errors only.
 */
final class ImportLink implements Closeable {
  /** Longest reply line read from the target (its replies are short status lines). */
  static final int REPLY_LINE_MAX = 4096;

  /** The target answered with an error: the migration cannot go on by retrying. */
  static final class Refused extends Exception {
    Refused(String message) {
      super(message, null, false, false);
    }
  }

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  ImportLink(String host, int port, int timeoutMs, String password) throws IOException, Refused {
    socket = new Socket();
    try {
      socket.connect(new InetSocketAddress(host, port), timeoutMs);
      socket.setSoTimeout(timeoutMs);
      socket.setTcpNoDelay(true);
      in = new BufferedInputStream(socket.getInputStream(), 8192);
      out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
      if (password != null && !password.isEmpty()) {
        call(bytes("AUTH"), bytes(password));
      }
    } catch (IOException | Refused | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  /** Sends one command; returns its simple-string or integer reply as text. */
  String call(byte[]... args) throws IOException, Refused {
    out.write(io.codis.node.replication.Effects.record(args));
    out.flush();
    int kind = in.read();
    if (kind < 0) {
      throw new IOException("connection closed by the target");
    }
    String line = line();
    switch (kind) {
      case '+', ':' -> {
        return line;
      }
      case '-' -> throw new Refused(line);
      default -> throw new IOException("unexpected reply type '" + (char) kind + "' from the target");
    }
  }

  private String line() throws IOException {
    StringBuilder sb = new StringBuilder();
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed by the target");
      }
      if (b == '\r') {
        if (in.read() != '\n') {
          throw new IOException("reply line without LF");
        }
        return sb.toString();
      }
      if (sb.length() >= REPLY_LINE_MAX) {
        throw new IOException("reply line: " + sb.length() + " (expected: <= " + REPLY_LINE_MAX + ")");
      }
      sb.append((char) b);
    }
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
