package io.codis.proxy.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A blocking RESP2/RESP3 client for tests that returns each top-level reply as its exact bytes, so
 * the proxy's output can be compared byte for byte with redis-server's.
 */
final class RawResp implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  RawResp(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(5_000);
    socket.setTcpNoDelay(true);
    in = socket.getInputStream();
    out = socket.getOutputStream();
  }

  void send(String... args) throws IOException {
    StringBuilder b = new StringBuilder("*").append(args.length).append("\r\n");
    for (String a : args) {
      byte[] bytes = a.getBytes(StandardCharsets.UTF_8);
      b.append('$').append(bytes.length).append("\r\n").append(a).append("\r\n");
    }
    out.write(b.toString().getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /** Sends and reads one reply. */
  String call(String... args) throws IOException {
    send(args);
    return read();
  }

  /** Reads one top-level reply; CR LF shown as "\r\n" literally for readable assertion messages. */
  String read() throws IOException {
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    value(raw);
    return raw.toString(StandardCharsets.UTF_8);
  }

  /** Reads n replies, concatenated. */
  String read(int n) throws IOException {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append(read());
    }
    return b.toString();
  }

  void timeoutMs(int ms) throws IOException {
    socket.setSoTimeout(ms);
  }

  private void value(ByteArrayOutputStream raw) throws IOException {
    int type = in.read();
    if (type < 0) {
      throw new IOException("closed");
    }
    raw.write(type);
    String line = line(raw);
    switch (type) {
      case '$', '=', '!' -> {
        int n = Integer.parseInt(line);
        if (n >= 0) {
          raw.write(in.readNBytes(n + 2));
        }
      }
      case '*', '~', '>' -> {
        int n = Integer.parseInt(line);
        for (int i = 0; i < n; i++) {
          value(raw);
        }
      }
      case '%', '|' -> {
        int n = Integer.parseInt(line);
        for (int i = 0; i < 2 * n; i++) {
          value(raw);
        }
        if (type == '|') {
          value(raw);
        }
      }
      default -> { }
    }
  }

  private String line(ByteArrayOutputStream raw) throws IOException {
    StringBuilder b = new StringBuilder();
    int c;
    while ((c = in.read()) != '\r') {
      if (c < 0) {
        throw new IOException("closed");
      }
      b.append((char) c);
    }
    in.read(); // \n
    raw.write(b.toString().getBytes(StandardCharsets.ISO_8859_1));
    raw.write('\r');
    raw.write('\n');
    return b.toString();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
