package io.codis.meta.server.control;

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
 * A tiny RESP server on a free loopback port for tests: each command (an argument list) goes to a
 * script that returns the raw reply text ("+PONG\r\n", ":5\r\n", ...). Records every command. close()
 * stops the listener and every connection (a "crashed" node).
 */
public final class ScriptedNode implements AutoCloseable {
  private final ServerSocket server;
  private final Function<List<String>, String> script;
  private final List<Socket> clients = new CopyOnWriteArrayList<>();
  public final List<List<String>> seen = new CopyOnWriteArrayList<>();
  private final Thread acceptor;

  public ScriptedNode(Function<List<String>, String> script) throws IOException {
    this(0, script);
  }

  public ScriptedNode(int port, Function<List<String>, String> script) throws IOException {
    this.server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    this.script = script;
    this.acceptor = new Thread(this::accept, "scripted-node");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public String addr() {
    return "127.0.0.1:" + server.getLocalPort();
  }

  public int port() {
    return server.getLocalPort();
  }

  /** Replies for INFO replication of a replica at this offset. */
  public static String infoReplica(long offset, boolean syncing) {
    String body = "# Replication\r\nrole:slave\r\nmaster_host:127.0.0.1\r\nmaster_port:1\r\n"
        + "master_link_status:down\r\nmaster_sync_in_progress:" + (syncing ? 1 : 0) + "\r\n"
        + "slave_repl_offset:" + offset + "\r\nmaster_repl_offset:" + offset + "\r\n";
    return bulk(body);
  }

  public static String bulk(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return "$" + b.length + "\r\n" + s + "\r\n";
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        clients.add(s);
        Thread t = new Thread(() -> serve(s), "scripted-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket s) {
    try (s) {
      InputStream in = new BufferedInputStream(s.getInputStream());
      OutputStream out = s.getOutputStream();
      while (true) {
        List<String> args = readCommand(in);
        if (args == null) {
          return;
        }
        seen.add(args);
        out.write(script.apply(args).getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
    } catch (IOException e) {
      // connection gone
    }
  }

  private static List<String> readCommand(InputStream in) throws IOException {
    String head = line(in);
    if (head == null) {
      return null;
    }
    int n = Integer.parseInt(head.substring(1));
    List<String> args = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int len = Integer.parseInt(line(in).substring(1));
      byte[] b = in.readNBytes(len + 2);
      args.add(new String(b, 0, len, StandardCharsets.UTF_8));
    }
    return args;
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder b = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\r') {
        in.read();
        return b.toString();
      }
      b.append((char) c);
    }
    return null;
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : clients) {
      s.close();
    }
  }
}
