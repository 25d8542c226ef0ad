package io.codis.proxy.replica;

import io.codis.protocol.resp.RespLimits;
import io.codis.protocol.resp.RespValue;
import io.codis.proxy.ProxyLimits;
import io.codis.proxy.backend.BackendConnection;
import io.codis.proxy.backend.BackendPool;
import io.codis.proxy.route.ReplicaReads;
import io.codis.proxy.route.SlotTable;
import io.codis.proxy.route.TableSource;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The proxy's own check of its replicas' freshness, and the choice of a replica for a read.
 *
 * <p>Every {@link ReplicaReadOptions#probeIntervalMs()} it sends {@code ROLE} to every master of
 * the current table that has replicas, on health connections of its own thread (never the
 * clients' connections), and, once the master answered, to each of its replicas. A master's
 * answer is a sample (probe send time, offset). A replica's answer makes it readable until {@code
 * caughtUp + maxLag}, where {@code caughtUp} is the send time of the newest master sample whose
 * offset the replica has reached: so it serves reads only while it provably holds every write its
 * master acknowledged {@code maxLag} ago. Nothing else extends that time, so a replica that stops
 * answering (stopped, partitioned) or whose master stops answering drops out within {@code
 * maxLag}; one that answers with its link down ({@code ROLE} state other than {@code connected}),
 * another master than the table's, or an error drops out at once. Replicas the metaserver marks
 * failed are not in the table's lists at all ({@link SlotTable#replicasOf}).
 */
public final class ReplicaHealth implements ReplicaReads, AutoCloseable {
  private static final byte[][] ROLE = {"ROLE".getBytes(StandardCharsets.US_ASCII)};

  private final TableSource tables;
  private final ReplicaReadOptions options;
  private final long maxLagNanos;
  private final EventLoopGroup group;
  private final EventLoop loop;
  private final BackendPool pool;
  /** Master samples by master address (loop only). */
  private final Map<String, MasterOffsets> samples = new HashMap<>();
  /** Addresses with a probe not answered yet: no second one is sent (loop only). */
  private final Set<String> probing = new HashSet<>();
  /** What the last probe of each replica said; read by the client loops. */
  private final Map<String, Freshness> byReplica = new ConcurrentHashMap<>();
  private final LongAdder reads = new LongAdder();
  private final AtomicInteger turn = new AtomicInteger();

  /** A replica's state: readable before {@code untilNanos} for reads of {@code master}'s slots. */
  private record Freshness(String master, long untilNanos, String why) {}

  public ReplicaHealth(TableSource tables, ReplicaReadOptions options, ProxyLimits limits,
      RespLimits respLimits, String backendPassword) {
    this.tables = tables;
    this.options = options;
    this.maxLagNanos = TimeUnit.MILLISECONDS.toNanos(options.maxLagMs());
    this.group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    this.loop = group.next();
    this.pool = new BackendPool(loop, NioSocketChannel.class, limits, respLimits, backendPassword);
  }

  /** Starts probing. */
  public ReplicaHealth start() {
    loop.scheduleWithFixedDelay(this::probeAll, 0, options.probeIntervalMs(), TimeUnit.MILLISECONDS);
    return this;
  }

  @Override
  public String replicaFor(String master, SlotTable table) {
    List<String> replicas = table.replicasOf(master);
    int n = replicas.size();
    if (n == 0) {
      return null;
    }
    long now = System.nanoTime();
    int first = Math.floorMod(turn.getAndIncrement(), n);
    for (int i = 0; i < n; i++) {
      String r = replicas.get((first + i) % n);
      Freshness f = byReplica.get(r);
      if (f != null && master.equals(f.master()) && now - f.untilNanos() < 0) {
        reads.increment();
        return r;
      }
    }
    return null;
  }

  /**
   * The lag bound: a replica that has not answered a read by then would not count as fresh for
   * long either; its reads go to the master.
   */
  @Override
  public long readDeadlineMs() {
    return options.maxLagMs();
  }

  /** Reads sent to replicas since start. */
  public long reads() {
    return reads.sum();
  }

  /**
   * Every replica probed so far: {@code readable} or why not ({@code link down: connect},
   * {@code lag above ...}, {@code not answering}...), for INFO and the admin port.
   */
  public Map<String, String> states() {
    long now = System.nanoTime();
    Map<String, String> out = new TreeMap<>();
    byReplica.forEach((r, f) -> out.put(r, now - f.untilNanos() < 0 ? "readable"
        : f.why().isEmpty() ? "not answering within the lag bound" : f.why()));
    return out;
  }

  private void probeAll() {
    SlotTable table = tables.usable();
    if (table == null) {
      return;
    }
    Set<String> listed = new HashSet<>();
    for (String master : table.masters()) {
      List<String> replicas = table.replicasOf(master);
      if (!replicas.isEmpty()) {
        listed.addAll(replicas);
        probeMaster(master, replicas);
      }
    }
    // Forget replicas and masters the table no longer lists (removed, failed, promoted).
    byReplica.keySet().retainAll(listed);
    samples.keySet().retainAll(table.masters());
  }

  private void probeMaster(String master, List<String> replicas) {
    long sent = System.nanoTime();
    role(master, sent, reply -> {
      long offset = masterOffset(reply);
      if (offset < 0) {
        return; // not a master (any more): its replicas' time runs out by itself
      }
      samples.computeIfAbsent(master, m -> new MasterOffsets()).add(sent, offset);
      for (String r : replicas) {
        probeReplica(r, master);
      }
    });
  }

  private void probeReplica(String replica, String master) {
    role(replica, System.nanoTime(), reply -> {
      Freshness old = byReplica.get(replica);
      long keep = old != null && master.equals(old.master()) ? old.untilNanos() : 0;
      String why = replicaProblem(reply, master);
      if (why != null) {
        byReplica.put(replica, new Freshness(master, System.nanoTime() - 1, why));
        return;
      }
      long offset = ((RespValue.IntegerValue) ((RespValue.ArrayValue) reply).elements().get(4)).value();
      MasterOffsets history = samples.get(master);
      long caughtUp = history == null ? Long.MIN_VALUE : history.caughtUpAt(offset);
      long until = caughtUp == Long.MIN_VALUE ? keep : Math.max(keep, caughtUp + maxLagNanos);
      byReplica.put(replica, new Freshness(master, until,
          "lag above " + options.maxLagMs() + " ms (offset " + offset + ")"));
    });
  }

  /** Sends ROLE to {@code addr} unless a probe is still out; {@code onReply} runs on the loop. */
  private void role(String addr, long sentNanos, java.util.function.Consumer<RespValue> onReply) {
    if (!probing.add(addr)) {
      return;
    }
    BackendConnection c = pool.get(addr);
    if (c == null) {
      probing.remove(addr);
      onReply.accept(new RespValue.ErrorValue(pool.downReason(addr)));
      return;
    }
    // A probe that outlives the lag bound is useless: the connection is closed and dialled again.
    c.send(ROLE, v -> {
      probing.remove(addr);
      onReply.accept(v);
    }, sentNanos + maxLagNanos);
  }

  /** A master's ROLE offset, or -1 when the answer is not a master's. */
  private static long masterOffset(RespValue reply) {
    if (reply instanceof RespValue.ArrayValue a && a.elements().size() >= 2
        && "master".equals(text(a.elements().get(0)))
        && a.elements().get(1) instanceof RespValue.IntegerValue off) {
      return off.value();
    }
    return -1;
  }

  /**
   * Null when {@code reply} is the ROLE of a replica of {@code master} with its link up, else why
   * it may not serve reads.
   */
  private static String replicaProblem(RespValue reply, String master) {
    if (reply instanceof RespValue.ErrorValue e) {
      return "probe failed: " + e.text();
    }
    if (!(reply instanceof RespValue.ArrayValue a) || a.elements().size() < 5
        || !"slave".equals(text(a.elements().get(0)))) {
      return "not a replica";
    }
    List<RespValue> el = a.elements();
    if (!(el.get(2) instanceof RespValue.IntegerValue port) || !(el.get(4) instanceof RespValue.IntegerValue)) {
      return "unexpected ROLE reply";
    }
    String following = text(el.get(1)) + ":" + port.value();
    if (!following.equals(master)) {
      return "follows " + following + ", not " + master;
    }
    String link = text(el.get(3));
    if (!"connected".equals(link) || ((RespValue.IntegerValue) el.get(4)).value() < 0) {
      return "link down: " + link;
    }
    return null;
  }

  private static String text(RespValue v) {
    return v instanceof RespValue.BulkString b ? new String(b.bytes(), StandardCharsets.UTF_8)
        : v instanceof RespValue.SimpleString s ? s.text() : "";
  }

  @Override
  public void close() {
    loop.execute(pool::closeAll);
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
