package io.codis.node.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codis.node.keyspace.MemoryKeyspace;
import io.codis.node.server.Session;
import io.codis.node.storage.FsyncMode;
import io.codis.node.storage.StoredValue;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The write path without sockets: a flush holds replies while writes are uncommitted; the commit
 * task posted to the event loop (here a queue the test drains by hand) writes every client's writes
 * of the turn in one batch. Under always the replies stay off the socket until the sync callback has
 * run on the event loop, a later reply of the same or another client does not overtake them; under
 * everysec they go out right after the commit task.
 */
class ReplyHoldTest {
  @TempDir Path dir;

  private final LinkedBlockingQueue<Runnable> loop = new LinkedBlockingQueue<>();

  private static String text(ByteBuf b) {
    try {
      return b.toString(StandardCharsets.UTF_8);
    } finally {
      b.release();
    }
  }

  @Test
  void alwaysHoldsRepliesUntilTheSyncCallbackRanOnTheLoop() throws Exception {
    MemoryKeyspace keyspace = new MemoryKeyspace(16);
    try (Persistence p = Persistence.open(dir, FsyncMode.ALWAYS, keyspace)) {
      p.loop(loop::add);
      EmbeddedChannel ch1 = new EmbeddedChannel();
      EmbeddedChannel ch2 = new EmbeddedChannel();
      Session writer = new Session(1, ch1, 0, true);
      Session reader = new Session(2, ch2, 0, true);
      writer.flushGate(p);
      reader.flushGate(p);

      keyspace.put("k".getBytes(), "v".getBytes());
      p.keyModified("k".getBytes());
      writer.out().ok();
      writer.flush();
      assertNull(ch1.readOutbound(), "the reply left before its write was committed");
      assertNull(p.engine().load("k".getBytes()), "committed before the end of the turn");
      reader.out().simple("PONG");
      reader.flush();
      assertNull(ch2.readOutbound(), "a reply flushed while a write is uncommitted must wait for it");

      Runnable turn = loop.poll(10, TimeUnit.SECONDS);
      assertTrue(turn != null, "no commit task");
      turn.run(); // the turn's commit: in the store now, replies wait for the sync
      StoredValue stored = p.engine().load("k".getBytes());
      assertEquals("v", new String((byte[]) stored.value()));
      assertNull(ch1.readOutbound(), "the reply left before its write was synced");
      assertNull(ch2.readOutbound());

      // The sync callback hops to the loop; until that task runs nothing is written.
      Runnable durable = loop.poll(10, TimeUnit.SECONDS);
      assertTrue(durable != null, "no durability callback");
      assertNull(ch1.readOutbound());
      durable.run();
      assertEquals("+OK\r\n", text(ch1.readOutbound()));
      assertEquals("+PONG\r\n", text(ch2.readOutbound()));
    }
  }

  @Test
  void everysecWritesRightAfterTheTurnsCommit() throws Exception {
    MemoryKeyspace keyspace = new MemoryKeyspace(16);
    try (Persistence p = Persistence.open(dir, FsyncMode.EVERYSEC, keyspace)) {
      p.loop(loop::add);
      EmbeddedChannel ch = new EmbeddedChannel();
      Session s = new Session(1, ch, 0, true);
      s.flushGate(p);
      keyspace.put("k".getBytes(), "v".getBytes());
      p.keyModified("k".getBytes());
      s.out().ok();
      s.flush();
      assertNull(ch.readOutbound(), "the reply left before its write was committed");
      loop.poll(10, TimeUnit.SECONDS).run(); // the end of the turn: commit, then the replies
      assertEquals("+OK\r\n", text(ch.readOutbound()));
      assertEquals("v", new String((byte[]) p.engine().load("k".getBytes()).value()));
      // a key gone from memory is deleted from the store
      keyspace.remove("k".getBytes());
      p.keyModified("k".getBytes());
      p.commitDirty();
      assertNull(p.engine().load("k".getBytes()));
    }
  }
}
