package io.codis.node.replication;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A replica's connection to its master, on the node's event loop.
 *
 * <pre>
 *   CONNECTING --connected--> HANDSHAKE --+FULLRESYNC--> TRANSFER --snapshot-end--> CONNECTED
 *                                 \--+CONTINUE------------------------------------> CONNECTED
 *   any state --socket closed or error--> CONNECTING (after reconnectDelayMs)
 *   any state --close()--> CLOSED (terminal)
 * </pre>
 *
 * The handshake is pipelined: [AUTH masterauth], PING, REPLCONF listening-port, REPLCONF capa,
 * REPLCONF epoch; once all of them are answered, PSYNC replid offset+1. Each reply is checked in
 * turn, and any error closes the link (logged, shown in INFO). Stream records are applied as they arrive; a {@code multi ... exec} group is applied
 * together. After each read batch that applied something, and every ackPeriodMs, the replica sends
 * {@code REPLCONF ACK offset}.
 */
final class MasterLink {
  private static final Logger LOG = LoggerFactory.getLogger(MasterLink.class);

  enum State { CONNECTING, HANDSHAKE, TRANSFER, CONNECTED, CLOSED }

  /** What the link asks of the node (implemented by {@link Replication}). */
  interface Node {
    String psyncReplid();

    long psyncOffset();

    String masterauth();

    int listeningPort();

    long bulkBytesMax();

    void fullSyncStarting(String replid, long offset);

    void snapshotRecord(byte[][] argv) throws Effects.BadRecord;

    void snapshotDone();

    void continuing(String replid);

    void streamRecords(List<StreamFrame.Record> records) throws Effects.BadRecord;

    long offset();

    void commitDurable();

    /** A record could not be applied: the next PSYNC must ask for a full sync. */
    void streamBroken();

    /** The group epoch this replica knows (0 when standalone), sent as {@code REPLCONF epoch}. */
    long clusterEpoch();
  }

  final String host;
  final int port;
  private final EventLoopGroup group;
  private final Class<? extends Channel> channelType;
  private final ReplLimits limits;
  private final Node node;
  private State state = State.CONNECTING;
  private Channel channel;
  private int repliesExpected;
  private boolean psyncSent;
  private final List<StreamFrame.Record> pending = new ArrayList<>();
  private final List<StreamFrame.Record> transaction = new ArrayList<>();
  private boolean inTransaction;
  private long ackedSent = -1;
  private boolean reconnectScheduled;
  private boolean readsPaused;
  long lastIoMs;
  long connectedSinceMs;
  long downSinceMs;
  String lastError = "";
  long syncStartedMs;
  long syncBytes;
  /** From the master's answer to {@code REPLCONF epoch} at the last handshake (-1: not yet). */
  private long masterEpoch = -1;
  private String masterReplid2;
  private long masterSecondOffset = -1;

  MasterLink(String host, int port, EventLoopGroup group, Class<? extends Channel> channelType,
      ReplLimits limits, Node node) {
    this.host = host;
    this.port = port;
    this.group = group;
    this.channelType = channelType;
    this.limits = limits;
    this.node = node;
    this.downSinceMs = System.currentTimeMillis();
  }

  State state() {
    return state;
  }

  void connect() {
    if (state == State.CLOSED) {
      return;
    }
    state = State.CONNECTING;
    Bootstrap b = new Bootstrap()
        .group(group)
        .channel(channelType)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.SO_KEEPALIVE, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000)
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(
                new StreamDecoder(limits.recordArgsMax(), limits.lineBytesMax(), node.bulkBytesMax()),
                new Handler());
          }
        });
    ChannelFuture f = b.connect(host, port);
    channel = f.channel();
    f.addListener(done -> {
      if (!done.isSuccess()) {
        failed("connecting to " + host + ":" + port + ": " + done.cause().getMessage());
      }
    });
  }

  /** Stops or resumes reading the master's stream (TCP holds it back meanwhile). */
  void readsPaused(boolean paused) {
    this.readsPaused = paused;
    if (channel != null) {
      channel.config().setAutoRead(!paused);
    }
  }

  /** Ends the link for good (REPLICAOF NO ONE or another master). */
  void close() {
    state = State.CLOSED;
    if (channel != null) {
      channel.close();
    }
  }

  private void failed(String reason) {
    if (state == State.CLOSED) {
      return;
    }
    if (!reason.equals(lastError)) {
      LOG.warn("replication link to {}:{} down: {}", host, port, reason);
    }
    lastError = reason;
    if (state == State.CONNECTED || state == State.TRANSFER) {
      downSinceMs = System.currentTimeMillis();
    }
    state = State.CONNECTING;
    if (channel != null) {
      channel.close();
    }
    if (reconnectScheduled) {
      return;
    }
    reconnectScheduled = true;
    group.next().schedule(() -> {
      reconnectScheduled = false;
      if (state == State.CONNECTING) {
        connect();
      }
    }, limits.reconnectDelayMs(), TimeUnit.MILLISECONDS);
  }

  /** Called by the replication cron: acks when due, gives up on a silent master. */
  void cron(long nowMs, long timeoutMs) {
    if (state == State.CONNECTED || state == State.TRANSFER) {
      if (nowMs - lastIoMs > timeoutMs) {
        failed("no data from the master for " + (nowMs - lastIoMs) + " ms (repl-timeout)");
        return;
      }
      if (state == State.CONNECTED) {
        sendAck(true);
      }
    }
  }

  private void sendAck(boolean always) {
    long offset = node.offset();
    if (!always && offset == ackedSent) {
      return;
    }
    node.commitDurable();
    ackedSent = offset;
    channel.writeAndFlush(Unpooled.wrappedBuffer(
        Effects.record(b("REPLCONF"), b("ACK"), b(Long.toString(offset)))), channel.voidPromise());
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private void handshake(Channel ch) {
    state = State.HANDSHAKE;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    repliesExpected = 0;
    String auth = node.masterauth();
    if (auth != null && !auth.isEmpty()) {
      out.writeBytes(Effects.record(b("AUTH"), b(auth)));
      repliesExpected++;
    }
    out.writeBytes(Effects.record(b("PING")));
    out.writeBytes(Effects.record(b("REPLCONF"), b("listening-port"), b(Integer.toString(node.listeningPort()))));
    out.writeBytes(Effects.record(b("REPLCONF"), b("capa"), b("psync2")));
    // Our own option (docs/failover.md): the master refuses a replica that knows a newer epoch, and
    // answers with its epoch and PSYNC2 switch point (replid2, second offset).
    out.writeBytes(Effects.record(b("REPLCONF"), b("epoch"), b(Long.toString(node.clusterEpoch()))));
    repliesExpected += 4;
    psyncSent = false;
    ch.writeAndFlush(Unpooled.wrappedBuffer(out.toByteArray()));
  }

  /*
   * PSYNC goes only after every earlier reply arrived: the master writes its +FULLRESYNC/+CONTINUE
   * line straight to the socket, and with appendonly its earlier replies to this connection may
   * still be held behind a group commit, so a pipelined PSYNC's answer could overtake them.
   */
  private void sendPsync(Channel ch) {
    psyncSent = true;
    repliesExpected = 1;
    ch.writeAndFlush(Unpooled.wrappedBuffer(
        Effects.record(b("PSYNC"), b(node.psyncReplid()), b(Long.toString(node.psyncOffset())))));
  }

  private void handshakeReply(StreamFrame.Line line) {
    if (line.kind() == '-') {
      failed("master replied to the handshake: -" + line.text());
      return;
    }
    if (!psyncSent && repliesExpected == 1 && !epochAnswer(line.text())) {
      return;
    }
    repliesExpected--;
    if (repliesExpected > 0) {
      return;
    }
    if (!psyncSent) {
      sendPsync(channel);
      return;
    }
    // the reply to PSYNC
    String[] words = line.text().split(" ");
    if (words[0].equals("FULLRESYNC") && words.length == 3) {
      state = State.TRANSFER;
      syncStartedMs = System.currentTimeMillis();
      syncBytes = 0;
      node.fullSyncStarting(words[1], Long.parseLong(words[2]));
    } else if (words[0].equals("CONTINUE")) {
      node.continuing(words.length > 1 ? words[1] : null);
      connected();
    } else {
      failed("unexpected reply to PSYNC: +" + line.text());
    }
  }

  /**
   * The answer to {@code REPLCONF epoch}: {@code OK epoch N replid2 ID second-offset S}. A master of
   * an older epoch than this replica knows is refused (false; the link retries later).
   */
  private boolean epochAnswer(String text) {
    String[] w = text.split(" ");
    masterEpoch = 0;
    masterReplid2 = null;
    masterSecondOffset = -1;
    try {
      for (int i = 1; i + 1 < w.length; i += 2) {
        switch (w[i]) {
          case "epoch" -> masterEpoch = Long.parseLong(w[i + 1]);
          case "replid2" -> masterReplid2 = w[i + 1];
          case "second-offset" -> masterSecondOffset = Long.parseLong(w[i + 1]);
          default -> { } // a later version's field
        }
      }
    } catch (NumberFormatException e) {
      failed("unreadable answer to REPLCONF epoch: +" + text);
      return false;
    }
    long mine = node.clusterEpoch();
    if (masterEpoch < mine) {
      failed("the master is at epoch " + masterEpoch + ", older than the epoch " + mine
          + " this replica knows: its stream is refused");
      return false;
    }
    return true;
  }

  /** The group epoch grew past what the master answered: drop the link, re-check at the handshake. */
  void epochChanged(long epoch) {
    failed("the group epoch is now " + epoch + ", the master answered " + masterEpoch + ": re-checking it");
  }

  long masterEpoch() {
    return masterEpoch;
  }

  /** The master's replid2 at the last handshake, or null. */
  String masterReplid2() {
    return masterReplid2;
  }

  /** The master's second_repl_offset at the last handshake, or -1. */
  long masterSecondOffset() {
    return masterSecondOffset;
  }

  private void connected() {
    state = State.CONNECTED;
    connectedSinceMs = System.currentTimeMillis();
    lastError = "";
    LOG.info("replication link to {}:{} up at offset {}", host, port, node.offset());
  }

  private void record(StreamFrame.Record r) throws Effects.BadRecord {
    if (state == State.TRANSFER) {
      syncBytes += r.wireBytes();
      if (r.argv().length == 1 && new String(r.argv()[0], StandardCharsets.US_ASCII).equals("snapshot-end")) {
        node.snapshotDone();
        connected();
      } else {
        node.snapshotRecord(r.argv());
      }
      return;
    }
    String name = new String(r.argv()[0], StandardCharsets.US_ASCII);
    if (name.equals("multi")) {
      inTransaction = true;
      transaction.add(r);
    } else if (name.equals("exec") && inTransaction) {
      transaction.add(r);
      pending.addAll(transaction);
      transaction.clear();
      inTransaction = false;
    } else if (inTransaction) {
      transaction.add(r);
    } else {
      pending.add(r);
    }
  }

  /** Hands the records read so far (whole transactions only) to the node. */
  private void applyPending() throws Effects.BadRecord {
    node.streamRecords(pending);
    pending.clear();
  }

  /** The node could not apply a record: drop what is pending, ask for a full sync next, reconnect. */
  private void badRecord(Exception e) {
    pending.clear();
    node.streamBroken();
    failed("bad record from the master: " + e.getMessage());
  }

  private final class Handler extends ChannelInboundHandlerAdapter {
    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      if (state == State.CLOSED) {
        ctx.close();
        return;
      }
      lastIoMs = System.currentTimeMillis();
      ctx.channel().config().setAutoRead(!readsPaused);
      handshake(ctx.channel());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (state == State.CLOSED || state == State.CONNECTING || ctx.channel() != channel) {
        // after a failure, frames already decoded from the same read are dropped: applying them
        // would move the offset past the record that failed
        return;
      }
      lastIoMs = System.currentTimeMillis();
      try {
        if (msg instanceof StreamFrame.Line line) {
          if (state == State.HANDSHAKE) {
            handshakeReply(line);
          } else if (line.kind() != '\n') {
            failed("unexpected line from the master: " + line.kind() + line.text());
          }
        } else if (msg instanceof StreamFrame.Record r) {
          if (state == State.HANDSHAKE) {
            failed("record before the PSYNC reply");
            return;
          }
          record(r);
          if (pending.size() >= 1024) {
            applyPending();
          }
        }
      } catch (Effects.BadRecord | RuntimeException e) {
        badRecord(e);
      }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      if (ctx.channel() != channel || state == State.CLOSED || state == State.CONNECTING) {
        pending.clear();
        return;
      }
      try {
        if (!pending.isEmpty()) {
          applyPending();
        }
      } catch (Effects.BadRecord | RuntimeException e) {
        badRecord(e);
        return;
      }
      if (state == State.CONNECTED) {
        sendAck(false);
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      if (ctx.channel() == channel) {
        pending.clear();
        transaction.clear();
        inTransaction = false;
        failed("connection closed");
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      if (ctx.channel() == channel) {
        failed(cause.getMessage() == null ? cause.toString() : cause.getMessage());
      }
      ctx.close();
    }
  }
}
