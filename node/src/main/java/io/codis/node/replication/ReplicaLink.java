package io.codis.node.replication;

import io.codis.node.keyspace.Keyspace;
import io.codis.node.server.Session;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The master's side of one replica connection (a client session that sent PSYNC).
 *
 * <pre>
 *   SNAPSHOT  full sync: the keyspace is scanned and sent in records, a bounded piece per event-loop
 *             task, while new writes accumulate in the backlog from the sync's offset on
 *      |  snapshot-end sent
 *      v
 *   ONLINE    the backlog from sentOffset on is copied to the socket whenever it can take more
 * </pre>
 *
 * Either state ends when the socket closes. The master closes it when the replica's unsent offset
 * left the backlog (it fell too far behind: output buffer limit) or it stopped acknowledging for
 * {@code repl-timeout}.
 */
final class ReplicaLink {
  enum State { SNAPSHOT, ONLINE }

  final Session session;
  final Channel channel;
  final int number;
  private final ReplLimits limits;
  private final Keyspace keyspace;
  private final java.util.function.Supplier<Backlog> backlog;
  int listeningPort;
  State state;
  long sentOffset;
  long ackOffset = -1;
  long lastAckMs;
  private long snapshotCursor;
  long snapshotKeys;
  long snapshotBytes;
  private boolean pumpPosted;
  private final Runnable snapshotDone;

  ReplicaLink(Session session, int number, ReplLimits limits, Keyspace keyspace, java.util.function.Supplier<Backlog> backlog,
      long startOffset, boolean fullSync, long nowMs, Runnable snapshotDone) {
    this.snapshotDone = snapshotDone;
    this.session = session;
    this.channel = session.channel();
    this.number = number;
    this.limits = limits;
    this.keyspace = keyspace;
    this.backlog = backlog;
    this.sentOffset = startOffset;
    this.state = fullSync ? State.SNAPSHOT : State.ONLINE;
    this.lastAckMs = nowMs;
  }

  String ip() {
    var address = channel.remoteAddress();
    return address instanceof java.net.InetSocketAddress inet ? inet.getAddress().getHostAddress() : "?";
  }

  /** Copies more to the socket soon (once per event-loop turn, however many writes ask for it). */
  void pumpSoon() {
    if (!pumpPosted && channel.isActive()) {
      pumpPosted = true;
      channel.eventLoop().execute(this::pump);
    }
  }

  /** Sends what the socket can take: the next piece of the snapshot, or the backlog's tail. */
  void pump() {
    pumpPosted = false;
    if (!channel.isActive()) {
      return;
    }
    if (state == State.SNAPSHOT) {
      pumpSnapshot();
      if (state == State.SNAPSHOT) {
        return;
      }
    }
    Backlog backlogView = backlog.get();
    if (!backlogView.holds(sentOffset)) {
      // It fell further behind than the backlog holds (the replica output buffer limit).
      channel.close();
      return;
    }
    boolean wrote = false;
    while (channel.isWritable() && sentOffset < backlogView.endOffset()) {
      byte[] piece = backlogView.copy(sentOffset, limits.streamChunkBytes());
      channel.write(Unpooled.wrappedBuffer(piece), channel.voidPromise());
      sentOffset += piece.length;
      wrote = true;
    }
    if (wrote) {
      channel.flush();
    }
  }

  private void pumpSnapshot() {
    if (!channel.isWritable()) {
      return; // resumed by channelWritabilityChanged
    }
    keyspace.now(System.currentTimeMillis());
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
    List<byte[]> keys = new ArrayList<>();
    do {
      keys.clear();
      snapshotCursor = keyspace.scan(snapshotCursor, 64, (key, value) -> keys.add(key));
      for (int i = 0; i < keys.size(); i++) {
        // get(), not the scanned value: a key the memory tier holds on disk only is loaded here.
        Object value = keyspace.get(keys.get(i));
        if (value == null) {
          continue; // expired just now: its del record is in the stream
        }
        long at = keyspace.expireAt(keys.get(i));
        out.writeBytes(Effects.keyState(keys.get(i), value, at));
        snapshotKeys++;
      }
    } while (snapshotCursor != 0 && out.size() < limits.snapshotTaskBytes());
    if (snapshotCursor == 0) {
      out.writeBytes(Effects.SNAPSHOT_END);
      state = State.ONLINE;
      snapshotDone.run();
    }
    snapshotBytes += out.size();
    channel.writeAndFlush(Unpooled.wrappedBuffer(out.toByteArray()), channel.voidPromise());
    if (state == State.SNAPSHOT && channel.isWritable()) {
      pumpSoon();
    }
  }
}
