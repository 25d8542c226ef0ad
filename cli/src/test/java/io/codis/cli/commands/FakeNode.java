package io.codis.cli.commands;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A RESP server on a free loopback port that answers PING and INFO with a scripted replication
 * section: enough to drive codisctl's promotion checks through every branch, including states the
 * real node cannot reach yet (a linked but lagging replica).
 */
final class FakeNode implements AutoCloseable {
  private final ServerSocket server;
  private volatile String replication;

  FakeNode(String replication) throws IOException {
    this.replication = replication;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t = new Thread(this::serve, "fake-node");
    t.setDaemon(true);
    t.start();
  }

  String addr() {
    return "127.0.0.1:" + server.getLocalPort();
  }

  void replication(String text) {
    replication = text;
  }

  private void serve() {
    while (!server.isClosed()) {
      try (Socket s = server.accept()) {
        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
        OutputStream out = s.getOutputStream();
        for (List<String> cmd; (cmd = read(in)) != null; ) {
          String name = cmd.get(0).toUpperCase();
          String reply;
          if (name.equals("PING")) {
            reply = "+PONG\r\n";
          } else if (name.equals("INFO")) {
            byte[] body = ("# Replication\r\n" + replication).getBytes(StandardCharsets.UTF_8);
            reply = "$" + body.length + "\r\n" + new String(body, StandardCharsets.UTF_8) + "\r\n";
          } else {
            reply = "-ERR unknown command '" + cmd.get(0) + "'\r\n";
          }
          out.write(reply.getBytes(StandardCharsets.UTF_8));
          out.flush();
        }
      } catch (IOException e) {
        // the client went away or the server closed
      }
    }
  }

  private static List<String> read(BufferedReader in) throws IOException {
    String header = in.readLine();
    if (header == null || !header.startsWith("*")) {
      return null;
    }
    int n = Integer.parseInt(header.substring(1));
    List<String> args = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      in.readLine();
      args.add(in.readLine());
    }
    return args;
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
