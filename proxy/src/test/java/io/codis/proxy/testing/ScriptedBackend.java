package io.codis.proxy.testing;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A stand-in node on a free loopback port whose answers a test writes: {@code script} maps each
 * request (its arguments as strings) to the raw RESP reply to send, e.g. {@code "-FENCED ...\r\n"}.
 * For answers a real node gives only in states a test cannot cheaply reach (a master without its
 * lease). Every request is recorded. One thread per connection; closed with the test.
 */
public final class ScriptedBackend implements AutoCloseable {
  private final ServerSocket listener;
  private final Function<List<String>, String> script;
  private final List<List<String>> requests = new CopyOnWriteArrayList<>();
  private final List<Socket> accepted = new CopyOnWriteArrayList<>();
  private final Thread acceptor;

  private ScriptedBackend(Function<List<String>, String> script) throws IOException {
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.script = script;
    this.acceptor = new Thread(this::accept, "scripted-backend");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public static ScriptedBackend start(Function<List<String>, String> script) throws IOException {
    return new ScriptedBackend(script);
  }

  public String addr() {
    return "127.0.0.1:" + listener.getLocalPort();
  }

  /** Every request received so far, in order (all connections). */
  public List<List<String>> requests() {
    return requests;
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket s = listener.accept();
        accepted.add(s);
        Thread t = new Thread(() -> serve(s), "scripted-backend-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket s) {
    try (s) {
      InputStream in = new BufferedInputStream(s.getInputStream());
      OutputStream out = s.getOutputStream();
      while (true) {
        List<String> argv = readArray(in);
        if (argv == null) {
          return;
        }
        requests.add(argv);
        out.write(script.apply(argv).getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
    } catch (IOException e) {
      // connection closed by the proxy or the test
    }
  }

  /** One {@code *n $len arg ...} request, or null at end of stream. */
  private static List<String> readArray(InputStream in) throws IOException {
    String header = line(in);
    if (header == null) {
      return null;
    }
    int n = Integer.parseInt(header.substring(1));
    List<String> argv = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int len = Integer.parseInt(line(in).substring(1));
      byte[] b = in.readNBytes(len);
      in.readNBytes(2);
      argv.add(new String(b, StandardCharsets.UTF_8));
    }
    return argv;
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\r') {
        in.read(); // '\n'
        return sb.toString();
      }
      sb.append((char) c);
    }
    return null;
  }

  /** Closes every connection accepted so far (a node that died and came back); keeps listening. */
  public void dropConnections() throws IOException {
    for (Socket s : accepted) {
      s.close();
    }
    accepted.clear();
  }

  /** The names (upper case) of the requests received so far, in order. */
  public List<String> names() {
    return requests.stream().map(r -> r.get(0).toUpperCase(java.util.Locale.ROOT)).toList();
  }

  @Override
  public void close() throws IOException {
    listener.close();
    for (Socket s : accepted) {
      s.close();
    }
  }
}
