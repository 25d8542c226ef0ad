package io.codis.node.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal blocking RESP client for tests: sends commands as multibulk (or raw bytes) and decodes
 * one reply at a time into {@link Reply}. Deliberately independent of the code under test.
 */
public final class RespClient implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  public RespClient(int port) throws IOException {
    this("127.0.0.1", port, 10_000);
  }

  public RespClient(String host, int port, int timeoutMs) throws IOException {
    socket = new Socket();
    socket.connect(new InetSocketAddress(host, port), timeoutMs);
    socket.setSoTimeout(timeoutMs);
    socket.setTcpNoDelay(true);
    in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
    out = socket.getOutputStream();
  }

  /** Sends a command and returns its reply. */
  public Reply call(String... args) throws IOException {
    send(args);
    return read();
  }

  public Reply call(byte[]... args) throws IOException {
    send(args);
    return read();
  }

  public void send(String... args) throws IOException {
    byte[][] bytes = new byte[args.length][];
    for (int i = 0; i < args.length; i++) {
      bytes[i] = args[i].getBytes(StandardCharsets.UTF_8);
    }
    send(bytes);
  }

  public void send(byte[]... args) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    buf.write(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
    for (byte[] a : args) {
      buf.write(("$" + a.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
      buf.write(a);
      buf.write('\r');
      buf.write('\n');
    }
    out.write(buf.toByteArray());
    out.flush();
  }

  public void sendRaw(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  public void sendRaw(String text) throws IOException {
    sendRaw(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Reads one reply; throws on timeout or EOF. */
  public Reply read() throws IOException {
    int type = in.read();
    if (type < 0) {
      throw new java.io.EOFException("connection closed");
    }
    String line = readLine();
    switch (type) {
      case '+':
        return new Reply.Simple(line);
      case '-':
        return new Reply.Error(line);
      case ':':
        return new Reply.Int(Long.parseLong(line));
      case '$': {
        int n = Integer.parseInt(line);
        if (n < 0) {
          return new Reply.NullBulk();
        }
        return new Reply.Bulk(readBody(n));
      }
      case '=': {
        byte[] body = readBody(Integer.parseInt(line));
        String s = new String(body, StandardCharsets.UTF_8);
        return new Reply.Verbatim(s.substring(0, 3), s.substring(4));
      }
      case '*':
      case '~':
      case '>': {
        int n = Integer.parseInt(line);
        if (n < 0) {
          return new Reply.NullArray();
        }
        List<Reply> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          items.add(read());
        }
        return new Reply.Arr((char) type, items);
      }
      case '%': {
        int n = Integer.parseInt(line);
        List<Reply> items = new ArrayList<>();
        for (int i = 0; i < 2 * n; i++) {
          items.add(read());
        }
        return new Reply.Arr('%', items);
      }
      case '_':
        return new Reply.Null();
      case ',':
        return new Reply.Dbl(line);
      case '#':
        return new Reply.Bool(line.equals("t"));
      case '(':
        return new Reply.BigNum(line);
      default:
        throw new IOException("unexpected RESP type byte " + (char) type + " line " + line);
    }
  }

  /** True when the server closed the connection (reads EOF within the socket timeout). */
  public boolean closedByServer() {
    try {
      return in.read() < 0;
    } catch (IOException e) {
      return e instanceof java.net.SocketException;
    }
  }

  private byte[] readBody(int n) throws IOException {
    byte[] body = in.readNBytes(n);
    if (body.length != n) {
      throw new java.io.EOFException("short bulk");
    }
    if (in.read() != '\r' || in.read() != '\n') {
      throw new IOException("bulk not terminated by CRLF");
    }
    return body;
  }

  private String readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    while (true) {
      int c = in.read();
      if (c < 0) {
        throw new java.io.EOFException("connection closed mid-line");
      }
      if (c == '\r') {
        int lf = in.read();
        if (lf != '\n') {
          throw new IOException("CR not followed by LF");
        }
        return line.toString(StandardCharsets.UTF_8);
      }
      line.write(c);
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
